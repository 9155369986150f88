"""Focal: annual reporting on the OAS Inter-American Program for the Human Rights of Migrants."""

__version__ = "0.1.0"
APP_NAME = "Focal"
ORGANIZATION = "Focal"
