/**
 * The sample repository of wave's first example: a small project in git, messy on purpose, that
 * {@code wave run "Clean up the repository"} cleans offline with built-in actions. The entry point
 * is {@link dev.wave.demo.DemoRepository}.
 */
package dev.wave.demo;
