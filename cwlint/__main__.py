from cwlint.entry import main

main()
