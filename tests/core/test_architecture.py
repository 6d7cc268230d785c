"""The project's shape: core imports no app, and the import-linter contracts hold."""

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]


def test_core_imports_no_app():
    graph = grimp.build_graph("balanse")
    reaching_out = sorted(
        f"{importer} -> {imported}"
        for importer in graph.find_descendants("balanse.core") | {"balanse.core"}
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported.startswith("balanse.") and not imported.startswith("balanse.core")
    )
    assert reaching_out == []


def test_import_contracts_are_kept():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_public_modules_contract_finds_a_private_import(tmp_path):
    """The contract of our own is not a rubber stamp: a view imported across apps breaks it."""
    package = tmp_path / "demo_pkg"
    for app, files in {
        "alpha": {"views.py": "", "services.py": ""},
        "beta": {"views.py": "from demo_pkg.alpha import views\nfrom demo_pkg.alpha import services\n"},
    }.items():
        (package / app).mkdir(parents=True)
        (package / app / "__init__.py").write_text("")
        for name, text in files.items():
            (package / app / name).write_text(text)
    (package / "__init__.py").write_text("")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.importlinter]\nroot_packages = ['demo_pkg']\n"
        "contract_types = ['public_modules: scripts.import_contracts.PublicModulesContract']\n"
        "[[tool.importlinter.contracts]]\nname = 'public'\ntype = 'public_modules'\n"
        "container = 'demo_pkg'\npublic = ['models', 'services', 'queries', 'signals']\n"
    )
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "demo_pkg.beta.views:1 imports demo_pkg.alpha.views" in result.stdout
    assert "alpha.services" not in result.stdout
