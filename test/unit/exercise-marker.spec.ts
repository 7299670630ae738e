import { describe, expect, it } from 'vitest';
import { markSubject, markTexts, statusMarker } from '../../src/alerts/exercise-marker.js';

describe('exercise and test markers', () => {
  it.each([
    ['en', 'Exercise', 'EXERCISE - EXERCISE - EXERCISE'],
    ['en', 'Test', 'TEST - TEST - TEST'],
    ['es', 'Exercise', 'SIMULACRO - SIMULACRO - SIMULACRO'],
    ['es', 'Test', 'PRUEBA - PRUEBA - PRUEBA'],
    ['fr', 'Exercise', 'EXERCICE - EXERCICE - EXERCICE'],
    ['fr', 'Test', 'TEST - TEST - TEST'],
    ['pt', 'Exercise', 'EXERCÍCIO - EXERCÍCIO - EXERCÍCIO'],
    ['pt', 'Test', 'TESTE - TESTE - TESTE'],
    ['ar', 'Exercise', 'تمرين - تمرين - تمرين'],
    ['ar', 'Test', 'اختبار - اختبار - اختبار'],
  ])('%s %s: %s', (language, status, marker) => {
    expect(statusMarker(status, language)).toBe(marker);
  });

  it('uses the base language of a regional tag, and English for a language it does not know', () => {
    expect(statusMarker('Exercise', 'pt-BR')).toBe('EXERCÍCIO - EXERCÍCIO - EXERCÍCIO');
    expect(statusMarker('Test', 'es-MX')).toBe('PRUEBA - PRUEBA - PRUEBA');
    expect(statusMarker('Exercise', 'sw')).toBe('EXERCISE - EXERCISE - EXERCISE');
  });

  it('the Arabic marker is Arabic only (no Latin letter to flip its direction) and starts with an Arabic letter', () => {
    for (const status of ['Exercise', 'Test']) {
      const marker = statusMarker(status, 'ar')!;
      expect(marker).not.toMatch(/[A-Za-z]/);
      expect(marker).toMatch(/^[\u0600-\u06FF]/);
    }
  });

  it('leaves an Actual alert\'s texts alone', () => {
    expect(statusMarker('Actual', 'en')).toBeNull();
    const texts = { en: 'Evacuate now.', ar: 'أخلوا الآن.' };
    expect(markTexts(texts, 'Actual')).toEqual(texts);
  });

  it('puts the marker on a line of its own before every text of an exercise', () => {
    const marked = markTexts({ en: 'Evacuate now.', ar: 'أخلوا الآن.', de: 'Jetzt evakuieren.' }, 'Exercise');
    expect(marked).toEqual({
      en: 'EXERCISE - EXERCISE - EXERCISE\nEvacuate now.',
      ar: 'تمرين - تمرين - تمرين\nأخلوا الآن.',
      de: 'EXERCISE - EXERCISE - EXERCISE\nJetzt evakuieren.',
    });
  });

  it('marks a one-line subject (the email subject) too, and leaves a live one alone', () => {
    expect(markSubject('Flood warning', 'Test', 'en')).toBe('TEST - TEST - TEST: Flood warning');
    expect(markSubject('Flood warning', 'Actual', 'en')).toBe('Flood warning');
  });
});
