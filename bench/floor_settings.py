"""Klachtpad's settings as deployed, with the floor views of ``bench.floors`` beside its pages."""

from klachtpad.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floors"
