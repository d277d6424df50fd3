"""The 2D map: a QWidget painting the project's layers in its plane-rectangular zone."""
