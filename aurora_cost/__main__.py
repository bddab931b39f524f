from aurora_cost.cli import main

main()
