package dev.wave.planner;

/** The role names of SPEC F7, as written into {@code role:}. */
final class Roles {
    static final String COORDINATOR = "Coordinator";
    static final String DATABASE_ANALYST = "Database Analyst";
    static final String MIGRATION_ENGINEER = "Migration Engineer";
    static final String BACKEND_ENGINEER = "Backend Engineer";
    static final String FRONTEND_ENGINEER = "Frontend Engineer";
    static final String TEST_ENGINEER = "Test Engineer";
    static final String API_TESTER = "API Tester";
    static final String DEVOPS_ENGINEER = "DevOps Engineer";
    static final String TECHNICAL_WRITER = "Technical Writer";
    static final String CODE_REVIEWER = "Code Reviewer";
    static final String DATA_ENGINEER = "Data Engineer";
    static final String INTEGRATION_VALIDATOR = "Integration Validator";
    static final String CLEANUP_SPECIALIST = "Cleanup Specialist";
    // dynamic pools, sized to the work
    static final String FILE_OPERATOR = "File Operator";
    static final String CODE_ANALYZER = "Code Analyzer";
    static final String VALIDATOR = "Validator";
    static final String BUILD_ENGINEER = "Build Engineer";

    private static final java.util.regex.Pattern UI_FILE = java.util.regex.Pattern.compile(
            "(?i).*\\.(?:tsx|jsx|vue|svelte|css|scss|sass|less|html?)$|.*(?:^|/)(?:components?|pages|views|screens|ui)/.*");

    private Roles() {}

    /** Whether a file is user-interface code: components, pages, views, styles and markup. */
    static boolean isUiFile(String path) {
        return UI_FILE.matcher(path).matches();
    }

    /**
     * The engineer for work on {@code files} for {@code goal}: a frontend engineer when most of the
     * files are UI files, or when there are none and the goal speaks only of the UI; else backend.
     */
    static String engineerFor(String goal, java.util.List<String> files) {
        long ui = files.stream().filter(Roles::isUiFile).count();
        if (!files.isEmpty()) {
            return ui * 2 > files.size() ? FRONTEND_ENGINEER : BACKEND_ENGINEER;
        }
        boolean frontend = BuildTemplates.FRONTEND.matcher(goal).find();
        return frontend && !BuildTemplates.BACKEND.matcher(goal).find() ? FRONTEND_ENGINEER : BACKEND_ENGINEER;
    }
}
