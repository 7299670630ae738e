/** The text for a language: exact tag, then its base language (pt-BR -> pt), then the run's default. */
export function pickMessage(messages: Record<string, string>, language: string, defaultLanguage: string): { language: string; text: string } {
  for (const candidate of [language, language.split('-')[0]!, defaultLanguage]) {
    const text = messages[candidate];
    if (text !== undefined) return { language: candidate, text };
  }
  const [first] = Object.entries(messages);
  if (!first) throw new Error('a dispatch run has no message text');
  return { language: first[0], text: first[1] };
}
