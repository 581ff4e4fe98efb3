/**
 * Module names in source files: how a module rename reads in Python (absolute, relative and
 * {@code from . import} forms, dotted references, {@code mock.patch} target strings), Java
 * ({@code package} and {@code import} lines, qualified names) and JavaScript or TypeScript
 * (relative module specifiers). The entry point is {@link dev.wave.imports.ModuleRename}; the
 * planner uses it to find the files a rename touches, the {@code rename-module} action to edit them.
 */
package dev.wave.imports;
