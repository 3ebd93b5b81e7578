import { envName, flagName, GATEWAY_OPTIONS } from '@autoscope/gateway';
import { describe, expect, it } from 'vitest';
import { commandHelp } from '../args.js';
import { gatewayCommand } from './gateway.js';

describe('autoscope gateway --help', () => {
  const help = commandHelp(gatewayCommand);

  it('documents every option: its flag, config key, environment variable and default', () => {
    expect(GATEWAY_OPTIONS.length).toBeGreaterThan(40);
    for (const option of GATEWAY_OPTIONS) {
      const line = help.split('\n').find((l) => l.trimStart().startsWith(`--${flagName(option.path)} `));
      expect(line, option.path).toBeDefined();
      expect(line).toContain(`[${option.path}; ${envName(option.path)}]`);
      expect(line).toContain(`(default ${option.default === '' ? '""' : String(option.default)})`);
    }
  });

  it('documents the config file and the precedence of the sources', () => {
    expect(help).toContain('--config FILE');
    expect(help).toMatch(/flags over AUTOSCOPE_GATEWAY_\* environment variables over the config file/);
  });
});
