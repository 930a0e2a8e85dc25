"""cwlint: lint ConnectWise PSA (Manage) integration manifests."""

__version__ = "0.1.0"
