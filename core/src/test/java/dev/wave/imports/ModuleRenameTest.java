package dev.wave.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class ModuleRenameTest {
    private static final ModuleRename PRIVATE = new ModuleRename("pkg._util", "pkg._helpers", ".", false);

    private static String python(ModuleRename rename, String path, String text) {
        return rename.rewrite(path, text).text();
    }

    @Test
    void python_absoluteForms_areRenamed() {
        String text = """
                import pkg._util
                import pkg._util as u
                from pkg._util import a, b
                from pkg._util.inner import c
                x = pkg._util.f()
                """;
        assertThat(python(PRIVATE, "tests/test_a.py", text)).isEqualTo("""
                import pkg._helpers
                import pkg._helpers as u
                from pkg._helpers import a, b
                from pkg._helpers.inner import c
                x = pkg._helpers.f()
                """);
    }

    @Test
    void python_relativeForms_areRenamedFromTheFilesPackage() {
        assertThat(python(PRIVATE, "pkg/core.py", "from ._util import a\nfrom .._other import b\n"))
                .isEqualTo("from ._helpers import a\nfrom .._other import b\n");
        assertThat(python(PRIVATE, "pkg/sub/deep.py", "from .._util import a\nfrom ..pkg_x import y\n"))
                .isEqualTo("from .._helpers import a\nfrom ..pkg_x import y\n");
        assertThat(python(PRIVATE, "pkg/sub/deep.py", "from ...pkg._util import a\n"))
                .isEqualTo("from ...pkg._util import a\n"); // above the top package: left alone
    }

    @Test
    void python_fromPackageImportModule_renamesTheNameAndItsUses() {
        String text = """
                from . import _util, other
                from pkg import _util as alias

                def f():
                    return _util.g(other) + alias.h()  # _util stays in comments
                """;
        ModuleRename.Edit edit = PRIVATE.rewrite("pkg/core.py", text);
        assertThat(edit.text()).isEqualTo("""
                from . import _helpers, other
                from pkg import _helpers as alias

                def f():
                    return _helpers.g(other) + alias.h()  # _util stays in comments
                """);
        assertThat(edit.references()).isEqualTo(3);
    }

    @Test
    void python_mockPatchTargets_andOtherNames_areHandledAsWholeDottedNames() {
        String text = "@mock.patch('pkg._util.now')\n@mock.patch(\"mypkg._util.now\")\n# see pkg._util\ny = pkg._utility\n";
        ModuleRename.Edit edit = PRIVATE.rewrite("tests/test_a.py", text);
        assertThat(edit.text()).isEqualTo(
                "@mock.patch('pkg._helpers.now')\n@mock.patch(\"mypkg._util.now\")\n# see pkg._util\ny = pkg._utility\n");
        assertThat(edit.commentMentions()).isEqualTo(1);
        assertThat(new ModuleRename("pkg._util", "pkg._helpers", ".", true).rewrite("a.py", "# see pkg._util\n").text())
                .isEqualTo("# see pkg._helpers\n");
    }

    @Test
    void python_patchTargetThroughAnImportingModule_followsTheRenamedBinding() {
        ModuleRename rename = ModuleRename.of("colorama.win32", "colorama._win32api");
        assertThat(rename.rewrite("colorama/tests/winterm_test.py", "@patch('colorama.winterm.win32')\n").text())
                .isEqualTo("@patch('colorama.winterm._win32api')\n");
        assertThat(rename.rewrite("colorama/winterm.py", "from . import win32\nwin32.SetConsoleTextAttribute()\n").text())
                .isEqualTo("from . import _win32api\n_win32api.SetConsoleTextAttribute()\n");
    }

    @Test
    void python_moveToAnotherPackage_rewritesParentImportsAndTheMovedFilesOwnImports() {
        ModuleRename move = new ModuleRename("pkg.util", "pkg.lib.tools", "src", false);
        assertThat(python(move, "src/pkg/core.py", "from . import util\nfrom . import util, other\nutil.f()\n"))
                .isEqualTo("from .lib import tools\nfrom . import other\nfrom .lib import tools\ntools.f()\n");
        assertThat(python(move, "src/pkg/lib/tools.py", "from .base import B\nfrom . import base\n"))
                .isEqualTo("from pkg.base import B\nfrom pkg import base\n"); // not reachable with one dot: absolute
        assertThat(python(move, "src/pkg/core.py", "from .util import x\n")).isEqualTo("from .lib.tools import x\n");
        assertThat(python(move, "tests/test_core.py", "from .util import x\n")).isEqualTo("from .util import x\n");
    }

    @Test
    void python_multilineImportsAndStrings_areReadCorrectly() {
        String text = "from pkg import (\n    other,\n    _util,\n)\ns = \"\"\"from ._util import x\"\"\"\n";
        assertThat(python(PRIVATE, "pkg/a.py", text))
                .isEqualTo("from pkg import (\n    other,\n    _helpers,\n)\ns = \"\"\"from ._util import x\"\"\"\n");
    }

    @Test
    void java_packageAndImportLines_andTheMovedClassesPackage() {
        ModuleRename move = new ModuleRename("com.acme.util.Strings", "com.acme.text.Strings", ".", false);
        assertThat(move.rewrite("src/main/java/com/acme/App.java",
                "package com.acme;\nimport com.acme.util.Strings;\n// com.acme.util.Strings\nclass App {}\n").text())
                .isEqualTo("package com.acme;\nimport com.acme.text.Strings;\n// com.acme.util.Strings\nclass App {}\n");
        assertThat(move.rewrite("src/main/java/com/acme/text/Strings.java", "package com.acme.util;\nclass Strings {}\n").text())
                .isEqualTo("package com.acme.text;\nclass Strings {}\n");
        assertThat(move.rewrite("src/main/java/com/acme/util/Other.java",
                "package com.acme.util;\n\nclass Other { Strings s; }\n").text())
                .isEqualTo("package com.acme.util;\n\nimport com.acme.text.Strings;\n\nclass Other { Strings s; }\n");
        ModuleRename pkg = ModuleRename.of("com.acme.util", "com.acme.common");
        assertThat(pkg.rewrite("A.java", "package com.acme.util;\nimport com.acme.util.*;\nimport com.acme.utility.X;\n").text())
                .isEqualTo("package com.acme.common;\nimport com.acme.common.*;\nimport com.acme.utility.X;\n");
    }

    @Test
    void scripts_relativeSpecifiers_followTheMove() {
        ModuleRename move = ModuleRename.of("src/utils/old", "src/lib/new");
        String text = "import a from './utils/old';\nimport b from './utils/old.js';\nconst c = require(\"./utils/older\");\n"
                + "// import x from './utils/old'\nexport * from './utils/old/index';\n";
        assertThat(move.rewrite("src/app.ts", text).text()).isEqualTo(
                "import a from './lib/new';\nimport b from './lib/new.js';\nconst c = require(\"./utils/older\");\n"
                        + "// import x from './utils/old'\nexport * from './lib/new';\n");
        assertThat(move.rewrite("src/utils/deep/x.js", "jest.mock('../old');\n").text()).isEqualTo("jest.mock('../../lib/new');\n");
        assertThat(move.rewrite("src/lib/new.ts", "import { h } from './helpers';\n").text())
                .isEqualTo("import { h } from '../utils/helpers';\n");
    }

    @Test
    void moveIntoASubpackageOfItself_leavesTheNewNameAlone() {
        ModuleRename rename = ModuleRename.of("app", "app.core");
        assertThat(rename.rewrite("x.py", "import app.models\nfrom app.core import y\nfrom .core import z\n").text())
                .isEqualTo("import app.core.models\nfrom app.core import y\nfrom .core import z\n");
    }

    @Test
    void otherFiles_areLeftAlone() {
        assertThat(PRIVATE.rewrite("README.md", "pkg._util").references()).isZero();
        assertThat(ModuleRename.problem("pkg.mod", "src/x")).isPresent();
        assertThat(ModuleRename.problem("pkg.mod", "pkg.mod")).isPresent();
        assertThat(ModuleRename.problem("pkg.mod", "pkg.new")).isEmpty();
    }
}
