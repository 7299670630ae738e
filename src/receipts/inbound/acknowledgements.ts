import type { KeywordLanguage } from './keywords.js';

/** What Beacon answers to each kind of message, in the person's language. Pure. */
export type AckKind = 'stop' | 'start' | 'join' | 'join_unknown' | 'help' | 'safe' | 'location' | 'unrecognised';

const ACKS: Readonly<Record<KeywordLanguage, Readonly<Record<AckKind, string>>>> = {
  en: {
    stop: 'You will no longer receive alerts. Reply START to receive them again.',
    start: 'You will receive alerts again. Reply STOP to stop them.',
    join: 'You now receive alerts for {area}.',
    join_unknown: 'We do not know an area called "{area}".',
    help: 'We have received your request for help and passed it to responders. If you can, share your location.',
    safe: 'Thank you. We have recorded that you are safe.',
    location: 'Thank you. We have updated your location.',
    unrecognised: 'Reply SAFE if you are safe, HELP if you need help, STOP to stop alerts.',
  },
  es: {
    stop: 'Ya no recibirá alertas. Responda INICIAR para volver a recibirlas.',
    start: 'Volverá a recibir alertas. Responda PARAR para dejar de recibirlas.',
    join: 'Ahora recibe alertas para {area}.',
    join_unknown: 'No conocemos una zona llamada "{area}".',
    help: 'Hemos recibido su petición de ayuda y la hemos pasado a los equipos de emergencia. Si puede, comparta su ubicación.',
    safe: 'Gracias. Hemos registrado que está a salvo.',
    location: 'Gracias. Hemos actualizado su ubicación.',
    unrecognised: 'Responda A SALVO si está bien, AYUDA si necesita ayuda, PARAR para dejar de recibir alertas.',
  },
  fr: {
    stop: 'Vous ne recevrez plus d’alertes. Répondez DEMARRER pour les recevoir à nouveau.',
    start: 'Vous recevrez à nouveau les alertes. Répondez ARRET pour les arrêter.',
    join: 'Vous recevez désormais les alertes pour {area}.',
    join_unknown: 'Nous ne connaissons pas de zone appelée « {area} ».',
    help: 'Nous avons reçu votre demande d’aide et l’avons transmise aux secours. Si vous le pouvez, partagez votre position.',
    safe: 'Merci. Nous avons noté que vous êtes en sécurité.',
    location: 'Merci. Nous avons mis à jour votre position.',
    unrecognised: 'Répondez EN SECURITE si tout va bien, AIDE si vous avez besoin d’aide, ARRET pour ne plus recevoir d’alertes.',
  },
  pt: {
    stop: 'Não receberá mais alertas. Responda INICIAR para voltar a recebê-los.',
    start: 'Voltará a receber alertas. Responda PARAR para deixar de os receber.',
    join: 'Passa a receber alertas para {area}.',
    join_unknown: 'Não conhecemos uma zona chamada "{area}".',
    help: 'Recebemos o seu pedido de ajuda e passámo-lo às equipas de emergência. Se puder, partilhe a sua localização.',
    safe: 'Obrigado. Registámos que está em segurança.',
    location: 'Obrigado. Atualizámos a sua localização.',
    unrecognised: 'Responda SEGURO se está bem, AJUDA se precisa de ajuda, PARAR para deixar de receber alertas.',
  },
  ar: {
    stop: 'لن تتلقى التنبيهات بعد الآن. أرسل ابدأ لتلقيها مجددا.',
    start: 'ستتلقى التنبيهات مجددا. أرسل توقف لإيقافها.',
    join: 'ستتلقى الآن التنبيهات الخاصة بـ {area}.',
    join_unknown: 'لا نعرف منطقة باسم "{area}".',
    help: 'تلقينا طلبك للمساعدة وأرسلناه إلى فرق الطوارئ. إن أمكن، شارك موقعك.',
    safe: 'شكرا. سجلنا أنك بأمان.',
    location: 'شكرا. حدثنا موقعك.',
    unrecognised: 'أرسل آمن إذا كنت بخير، مساعدة إذا كنت تحتاج إلى مساعدة، توقف لإيقاف التنبيهات.',
  },
};

export function acknowledgement(kind: AckKind, language: KeywordLanguage, values: { area?: string } = {}): string {
  return ACKS[language][kind].replace('{area}', values.area ?? '');
}

/** WhatsApp allows free-form messages only within 24 hours of the person's last message. */
export const SERVICE_WINDOW_MS = 24 * 3_600_000;

export function insideServiceWindow(lastInboundAt: Date, now: Date): boolean {
  const age = now.getTime() - lastInboundAt.getTime();
  return age < SERVICE_WINDOW_MS;
}
