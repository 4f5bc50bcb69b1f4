// Real-tool tests wait on real processes (terraform, nginx, wrk, promtool, amtool, npm) that
// share two cores with the unit tests; Jest's 5 s default is a flake, not a check. Jest 30
// reads `testTimeout` from the global config only, so a project sets it here.
jest.setTimeout(60_000);
