// React's act() environment flag for ink-testing-library tests (ink-and-tooling.md P4).
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
delete process.env.NO_COLOR;
