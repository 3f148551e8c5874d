/**
 * Inline validation for the install wizard: the plugin's own zod schemas judge the settings an
 * admin typed, and each problem is named by its form field (the dotted config path, or the secret's
 * name) so the form can show it next to that field.
 */
import { requireSourcePlugin } from "./registry";

export type SettingsIssue = { field: string; message: string };

export function checkPluginSettings(pluginId: string, config: Record<string, unknown>, secrets: Record<string, string>): SettingsIssue[] {
  const plugin = requireSourcePlugin(pluginId);
  const issues: SettingsIssue[] = [];
  const c = plugin.configSchema.safeParse(config);
  if (!c.success) for (const i of c.error.issues) issues.push({ field: i.path.join("."), message: i.message });
  const s = plugin.secretsSchema.safeParse(secrets);
  if (!s.success) for (const i of s.error.issues) issues.push({ field: i.path.join("."), message: i.message });
  return issues;
}
