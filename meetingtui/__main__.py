from meetingtui.cli import main

raise SystemExit(main())
