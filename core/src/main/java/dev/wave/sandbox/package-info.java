/**
 * Isolation of shell tasks: bubblewrap where it can start, process groups and an environment marker
 * elsewhere. Entry point: {@link dev.wave.sandbox.Sandbox}.
 */
package dev.wave.sandbox;
