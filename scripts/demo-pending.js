// `npm run demo` is the project's main job (issue 6): instrumented services with injected faults, sampled
// live and measured. It is not built yet; this says so instead of pretending, and exits non-zero.
process.stderr.write(
  'npm run demo: the live demo (issue 6) is not built yet.\n' +
    'What works today: npx autoscope sample --in <traces> --out out.jsonl --json\n' +
    '  e.g. --in ../shared/datasets/nezha-trainticket/rca_data/2023-01-29/trace\n',
);
process.exitCode = 1;
