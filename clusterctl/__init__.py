"""clusterctl: explore a sourced catalog of Korean innovation clusters."""

__version__ = "0.1.0"
