import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Everything WCAG 2.2 AA asks for that axe can check automatically. */
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Fails with a readable list (rule, impact, offending elements) when axe finds any violation. */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  const readable = violations.map(({ id, impact, help, nodes }) => ({
    rule: id,
    impact,
    help,
    elements: nodes.slice(0, 5).map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`),
  }));
  expect(readable, `axe violations on: ${state}`).toEqual([]);
}
