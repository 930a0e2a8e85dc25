from cwlint.cli import main

main()
