package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The seeds' example goals and the pattern each is recognised as. */
final class PatternMatcherTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Clean up the entire repository - remove all checkpoint files, cache directories, unused imports, and organize test outputs | CLEANUP
            Clean up the repo | CLEANUP
            Remove all __pycache__ directories and .pyc files | CLEANUP
            Delete all .DS_Store files | CLEANUP
            Fix the typo "recieve" → "receive" across all Python files | FIND_AND_REPLACE
            Fix the typo 'recieve' -> 'receive' across all Python files | FIND_AND_REPLACE
            Replace all occurrences of foo_bar with foo_baz in src/ | FIND_AND_REPLACE
            Update all import statements across 200 files to use new module path | IMPORT_UPDATE
            Update imports from app.utils to app.core.utils | IMPORT_UPDATE
            Change the import 'app.utils' -> 'app.core.utils' everywhere | IMPORT_UPDATE
            The frontend needs a dark mode toggle. Add a theme context provider, update all components to support dark mode, add a toggle button in the header | FULL_STACK_FEATURE
            Add a "Delete Account" button to the user settings page that requires password confirmation before proceeding. | FULL_STACK_FEATURE
            Add error handling to all 80 API endpoints | FULL_STACK_FEATURE
            Build a todo list application with add, delete, and mark complete features | FULL_STACK_FEATURE
            The session upload modal is crashing when users try to upload files larger than 10MB. Fix this issue and add proper error handling. | BUG_FIX
            Fix the login bug | BUG_FIX
            Add a "last_login_at" timestamp column to the users table and update the login endpoint to set it on each successful login. | DATABASE_MIGRATION
            add a last_login_at column with an alembic migration and update the login endpoint | DATABASE_MIGRATION
            Write comprehensive integration tests for the authentication system including signup, login, logout, token refresh, and password reset. | TESTING_SUITE
            Add unit tests for the parser | TESTING_SUITE
            Refactor the session processing code to use async/await instead of callbacks. Update all affected files and tests. | REFACTORING
            Refactor authentication system with cascading changes | REFACTORING
            Generate API client libraries for our REST API in 50 different programming languages with comprehensive documentation | CODE_GENERATION
            Scaffold a CLI project | CODE_GENERATION
            Remove unused imports in all Python files | CLEANUP
            Delete dead code in src/ | CLEANUP
            Get rid of unused imports | CLEANUP
            Add a retry helper to utils.py | CODE_ADDITION
            Write a function that parses ISO dates in dates.py | CODE_ADDITION
            Add a new context manager for temporary directories | CODE_ADDITION
            Add a timeout decorator | CODE_ADDITION
            Add type hints to all Python files in pkg/ | CODE_ADDITION
            Add docstrings to utils.py | CODE_ADDITION
            Review the error handling in parser.py and fix it if needed | UNRECOGNISED
            Make the coffee | UNRECOGNISED
            Ponder the meaning of life | UNRECOGNISED
            """)
    void match_seedGoal_isItsPattern(String goal, Pattern expected) {
        assertThat(PatternMatcher.match(goal).pattern()).isEqualTo(expected);
    }

    @Test
    void match_cleanup_namesItsTriggers() {
        assertThat(PatternMatcher.match("Clean up the repo: remove .DS_Store files").triggers())
                .contains("clean up", ".ds_store");
    }

    @Test
    void replacement_readsQuotedArrowAndWithForms() {
        assertThat(PatternMatcher.Replacement.find("Fix the typo “recieve” → “receive”"))
                .contains(new PatternMatcher.Replacement("recieve", "receive"));
        assertThat(PatternMatcher.Replacement.find("replace 'colour' with 'color'"))
                .contains(new PatternMatcher.Replacement("colour", "color"));
        assertThat(PatternMatcher.Replacement.find("rename `get_user` to `fetch_user`"))
                .contains(new PatternMatcher.Replacement("get_user", "fetch_user"));
        assertThat(PatternMatcher.Replacement.find("recieve -> receive in docs"))
                .contains(new PatternMatcher.Replacement("recieve", "receive"));
        assertThat(PatternMatcher.Replacement.find("Clean up the repo")).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Replace http://www.gnu.org/licenses/ with https://www.gnu.org/licenses/ in docs/ | http://www.gnu.org/licenses/ | https://www.gnu.org/licenses/
            Replace http://old.example/api with https://new.example/api.                    | http://old.example/api       | https://new.example/api
            Change the link http://a.example/x?y=1 to https://b.example/x?y=1, everywhere     | http://a.example/x?y=1       | https://b.example/x?y=1
            """)
    void replacement_readsUnquotedUrls_withoutTheSentencesPunctuation(String goal, String find, String with) {
        assertThat(PatternMatcher.Replacement.find(goal)).contains(new PatternMatcher.Replacement(find, with));
        assertThat(PatternMatcher.match(goal).pattern()).isEqualTo(Pattern.FIND_AND_REPLACE);
    }
}
