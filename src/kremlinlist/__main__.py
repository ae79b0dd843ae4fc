from kremlinlist.cli import main

main()
