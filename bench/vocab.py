"""The words the generated cases are made of: agencies, names, note text, interventions, agenda titles."""

from __future__ import annotations


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


AGENCIES = (
    "Children's Services",
    "Police",
    "YOT",
    "Education",
    "CAMHS",
    "Health",
    "Voluntary sector",
    "Housing",
    "Safeguarding Unit",
)
ROLES = {
    "Children's Services": "Social worker",
    "Police": "Police officer",
    "YOT": "YOT officer",
    "Education": "Designated teacher",
    "CAMHS": "Clinical psychologist",
    "Health": "School nurse",
    "Voluntary sector": "Youth worker",
    "Housing": "Housing officer",
    "Safeguarding Unit": "IRO",
}
FIRST = _split(
    "Nadia Grace Owen Chris Helen Sam Priya Martin Leah Tom Aisha Ben Carys Dev Ellie Femi Gus Hana Iqbal "
    "Jo Kemal Lena Maya Niall Ola Pete Rosa Sunil Tara Uma Vic Wes Yara Zac"
)
LAST = _split(
    "Fenwick Obi Reid Dale Ward Lee Nair Cole Grant Hughes Khan Price Evans Shah Moss Adeyemi Byrne Chen "
    "Doyle Ellis Ford Gill Hart Iles Jones Kerr Lowe Mills Noor Osei Patel Quinn Rowe Singh Todd"
)
WORDS = _split(
    "the young person said he felt safe at the placement but misses his friends school attendance improved "
    "over the term police reported two missing episodes after curfew youth worker visited weekly and noted "
    "better engagement with the football project carers raised concerns about late returns and contact with "
    "older peers the social worker will speak with the school about a reduced timetable health assessment "
    "is overdue and CAMHS offered an appointment next month the group agreed the plan is partly working "
    "risk of exploitation remains high but protective relationships are growing mentoring has started and "
    "the family want more contact at weekends housing advice was given and the IRO will review the plan"
)
INTERVENTIONS = (
    ("Referral Order", "national"),
    ("Curfew with electronic monitoring", "national"),
    ("Sports and youth work", "local"),
    ("Lived-experience mentoring", "local"),
    ("Motor project", "local"),
    ("Staying Close", "national"),
    ("Family group conference", "national"),
    ("Mental health support team", "national"),
)
OUTCOMES = ("effective", "partly effective", "not effective", "ongoing", "declined", "not started")
TITLES = {
    "attendance": "Welcome, introductions and confidentiality",
    "previous-actions": "Review of actions from earlier meetings",
    "wishes": "Wishes and feelings",
    "interventions": "What has been tried and what happened",
    "alternatives": "Alternatives: national and local",
    "peers": "Peer group and managed contact",
    "forums": "Other forums and who links with them",
    "placement": "Placement and stability",
    "signs-of-safety": "Signs of Safety: worries, what is working, next steps",
    "actions": "Agreed actions and next meeting",
    "notes": "Any other business",
    "reflection": "Reflection on the case",
}
