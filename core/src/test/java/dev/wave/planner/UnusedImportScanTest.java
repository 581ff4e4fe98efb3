package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only files that may hold an unused import go to the agents that remove them. */
final class UnusedImportScanTest {
    @TempDir
    Path directory;

    @Test
    void aFileIsACandidate_onlyWhenANameItImportsAppearsNowhereElseInIt() {
        new SampleRepository(directory)
                .file("used.py", "import os\nimport a.b as c\nfrom x import (\n    y,\n    z as w,\n)\n\nprint(os.sep, c, y, w)\n")
                .file("unused.py", "import os\nimport json  # for later\n\nprint(os.sep)\n")
                .file("unused_from.py", "from typing import List, Dict\n\nx: List[int] = []\n")
                .file("dotted.py", "import xml.dom.minidom\n\nxml.dom.minidom.parseString('<a/>')\n")
                .file("star.py", "from os import *\n")
                .file("pkg/__init__.py", "from pkg.mod import thing\n")
                .file("Main.java", "import java.util.List;\nclass Main {}\n");

        assertThat(UnusedImportScan.candidates(directory, List.of("used.py", "unused.py", "unused_from.py", "dotted.py",
                "star.py", "pkg/__init__.py", "Main.java", "missing.py")))
                .containsExactly("unused.py", "unused_from.py", "Main.java", "missing.py");
    }
}
