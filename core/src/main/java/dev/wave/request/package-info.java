/**
 * Requests: the goal a person typed, the form it came in (auto-scaled, N agents, an instance
 * budget, plain text) and the options that go with it, resolved against flags, the request text,
 * the repository's config file and defaults. The entry point is {@link dev.wave.request.Requests}.
 */
package dev.wave.request;
