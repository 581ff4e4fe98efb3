package dev.wave.planner;

/** The role names of SPEC F7, as written into {@code role:}. */
final class Roles {
    static final String COORDINATOR = "Coordinator";
    static final String DATABASE_ANALYST = "Database Analyst";
    static final String MIGRATION_ENGINEER = "Migration Engineer";
    static final String BACKEND_ENGINEER = "Backend Engineer";
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

    private Roles() {}
}
