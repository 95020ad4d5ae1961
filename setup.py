"""Builds the extension parley._engine with the project's CMake, for `pip install`.

The module is the CMake target `parley_python` (python/CMakeLists.txt); this file
only runs CMake for the Python that runs pip, and places the result where
setuptools packs it. Everything else is in pyproject.toml.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def version():
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    return re.search(r"project\(parley VERSION ([0-9.]+)", text).group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = Path(self.build_temp).resolve() / "cmake"
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DPARLEY_BUILD_TESTS=OFF", "-DPARLEY_BUILD_BENCH=OFF", "-DPARLEY_WITH_MPI=OFF",
            f"-DPython_EXECUTABLE={sys.executable}",
        ]
        if shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        subprocess.check_call(configure)
        jobs = str(os.cpu_count() or 1)
        subprocess.check_call(["cmake", "--build", str(build), "--target", "parley_python",
                               "--parallel", jobs])
        built = next((build / "python" / "parley").glob("_engine*.so"))
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    version=version(),
    ext_modules=[Extension("parley._engine", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
