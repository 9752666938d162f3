/** Strings that a YAML 1.1 reader (PyYAML, as flyte uses it) would not read back as the same string if written plain. */
export const TRICKY = [
  'yes', 'Yes', 'YES', 'no', 'No', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'n', 'Y', 'N',
  'true', 'False', 'TRUE', 'tRUE', 'oFF',
  '1_000', '12:30', '190:20:30', '1:30.5', '0b101', '017', '0x1F', '0x_1', '1__0', '0', '-1', '+1', '08', '0o17',
  '1.', '.5', '1.5e+3', '.inf', '-.Inf', '.NaN', 'nan', '1e5',
  '2024-01-01', '2024-1-1 10:00:00', '2001-12-14t21:59:43.10-05:00',
  '~', 'null', 'Null', 'NULL', '=', '<<',
  '#x', '- x', '@x', '*x', '&x', '!x', '%x', '|', '>', '?', "'q'", '"q"', 'a: b', 'x #y',
];
