"""The llama.cpp build `make install` leaves: one the bundled model can run on, on this CPU."""

from __future__ import annotations

import pytest

from rag.models.llama import uses_amx

SAPPHIRE_RAPIDS_NATIVE = ("CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | AVX512 = 1 | AVX512_VNNI = 1 | "
                          "AMX_INT8 = 1 | LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | ")
WITHOUT_AMX = "CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | AVX512 = 1 | AVX512_VNNI = 1 | REPACK = 1 | "


def test_an_amx_build_is_told_from_one_without() -> None:
    assert uses_amx(SAPPHIRE_RAPIDS_NATIVE)
    assert not uses_amx(WITHOUT_AMX)
    assert not uses_amx("CPU : AMX_INT8 = 0 | ")


def test_the_installed_build_has_no_amx_kernels() -> None:
    """A native build on a CPU with AMX compiles them in unless told not to (the Makefile's
    CMAKE_ARGS), and then the first prompt crashes the process."""
    llama_cpp = pytest.importorskip("llama_cpp")
    assert not uses_amx(llama_cpp.llama_print_system_info().decode())
