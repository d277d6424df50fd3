"""The command-line front end: ``python main.py <command> ...`` runs a job headless."""
