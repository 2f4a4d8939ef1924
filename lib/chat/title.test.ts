import { describe, expect, it } from 'vitest';
import { titleFromText } from './title';

describe('titleFromText', () => {
  it('takes the first phrase, never cutting one in the middle', () => {
    expect(titleFromText('Explain how TCP congestion control works, with a table comparing Reno, CUBIC and BBR.')).toBe('Explain how TCP congestion control works');
    expect(titleFromText('What is the weather in Lisbon right now, and what time is it there?')).toBe('What is the weather in Lisbon right now');
    expect(titleFromText('Three friends split a $60 bill. Each pays the average of what the other two pay, plus $1.')).toBe('Three friends split a $60 bill');
    expect(titleFromText('Why is the sky blue?')).toBe('Why is the sky blue?');
  });

  it('shortens a long first phrase at a word, and says so', () => {
    const title = titleFromText('Please write me a detailed comparison of every sorting algorithm that you know about and their complexities');
    expect(title).toBe('Please write me a detailed comparison of every sorting…');
    expect(title.length).toBeLessThanOrEqual(60);
  });

  it('ignores test directives, and names an empty message Untitled chat', () => {
    expect(titleFromText('[[scenario:weather]] Hello there')).toBe('Hello there');
    expect(titleFromText('[[nonce:x]]')).toBe('Untitled chat');
  });
});
