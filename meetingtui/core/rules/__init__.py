"""What is due when: overdue actions, alerts, working days, the action tracker."""
