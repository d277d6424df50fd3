"""The desktop front end (Qt Widgets). The only package that imports PySide6."""
