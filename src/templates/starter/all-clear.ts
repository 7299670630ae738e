import type { StarterTemplate } from './starter.js';

export const allClear: StarterTemplate = {
  key: 'all-clear',
  definition: {
    name: 'All clear',
    description: 'The danger has passed: earlier warnings and orders for the area are lifted.',
    defaultLanguage: 'en',
    variables: [
      { name: 'area', type: 'text', required: true, label: 'Area (proper name)', maxLength: 80 },
      { name: 'lifted_at', type: 'datetime', required: true, label: 'Lifted at' },
      { name: 'info_url', type: 'url', required: false, label: 'Page with recovery information' },
    ],
    whatsapp: { name: 'beacon_all_clear', parameterFormat: 'positional', parameters: ['headline', 'description', 'instruction'] },
    languages: {
      en: {
        event: 'All clear',
        headline: 'All clear for {{area}}',
        description: 'The danger in {{area}} has passed. Earlier warnings and orders for this area were lifted on {{lifted_at}}.',
        instruction:
          'You may return home and resume normal activities. Take care: roads, power lines and buildings may still be damaged. Follow any further advice from officials.{{#if info_url}} Recovery information: {{info_url}}{{/if}}',
        short: 'All clear for {{area}}. The danger has passed. Take care on your way back.',
        long: 'ALL CLEAR for {{area}}: the danger has passed and earlier warnings are lifted. You may return home. Watch for damaged roads and power lines.{{#if info_url}} Info: {{info_url}}{{/if}}',
        web: '{{#if info_url}}{{info_url}}{{/if}}',
      },
      es: {
        event: 'Fin de la alerta',
        headline: 'Fin de la alerta en {{area}}',
        description: 'El peligro en {{area}} ha pasado. Los avisos y órdenes anteriores para esta zona se levantaron el {{lifted_at}}.',
        instruction:
          'Puede volver a casa y retomar sus actividades normales. Tenga cuidado: las carreteras, los tendidos eléctricos y los edificios pueden seguir dañados. Siga las indicaciones de las autoridades.{{#if info_url}} Información para la recuperación: {{info_url}}{{/if}}',
        short: 'Fin de la alerta en {{area}}. El peligro ha pasado. Tenga cuidado al volver.',
        long: 'FIN DE LA ALERTA en {{area}}: el peligro ha pasado y se levantan los avisos anteriores. Puede volver a casa. Cuidado con carreteras y cables dañados.{{#if info_url}} Info: {{info_url}}{{/if}}',
        web: '{{#if info_url}}{{info_url}}{{/if}}',
      },
      fr: {
        event: "Fin d'alerte",
        headline: "Fin d'alerte pour {{area}}",
        description: "Le danger est écarté à {{area}}. Les alertes et consignes précédentes pour ce secteur ont été levées le {{lifted_at}}.",
        instruction:
          "Vous pouvez rentrer chez vous et reprendre vos activités. Restez prudents : routes, lignes électriques et bâtiments peuvent encore être endommagés. Suivez les consignes des autorités.{{#if info_url}} Informations sur le retour à la normale : {{info_url}}{{/if}}",
        short: "Fin d'alerte pour {{area}}. Le danger est écarté. Restez prudents au retour.",
        long: "FIN D'ALERTE pour {{area}} : le danger est écarté et les consignes précédentes sont levées. Vous pouvez rentrer chez vous. Attention aux routes et lignes électriques endommagées.{{#if info_url}} Infos : {{info_url}}{{/if}}",
        web: '{{#if info_url}}{{info_url}}{{/if}}',
      },
      pt: {
        event: 'Fim do alerta',
        headline: 'Fim do alerta para {{area}}',
        description: 'O perigo em {{area}} passou. Desde {{lifted_at}}, os alertas e ordens anteriores para esta área estão suspensos.',
        instruction:
          'Você pode voltar para casa e retomar suas atividades normais. Tenha cuidado: ruas, fios elétricos e edificações ainda podem estar danificados. Siga as orientações das autoridades.{{#if info_url}} Informações sobre a recuperação: {{info_url}}{{/if}}',
        short: 'Fim do alerta para {{area}}. O perigo passou. Tenha cuidado ao voltar.',
        long: 'FIM DO ALERTA para {{area}}: o perigo passou e os alertas anteriores foram suspensos. Você pode voltar para casa. Cuidado com ruas e fios elétricos danificados.{{#if info_url}} Info: {{info_url}}{{/if}}',
        web: '{{#if info_url}}{{info_url}}{{/if}}',
      },
      ar: {
        event: 'زوال الخطر',
        headline: 'زوال الخطر في {{area}}',
        description: 'زال الخطر في {{area}}. رُفعت التحذيرات والأوامر السابقة الخاصة بهذه المنطقة يوم {{lifted_at}}.',
        instruction:
          'يمكنكم العودة إلى منازلكم واستئناف أنشطتكم المعتادة. توخّوا الحذر: قد تكون الطرق وخطوط الكهرباء والمباني لا تزال متضررة. اتبعوا إرشادات السلطات.{{#if info_url}} معلومات التعافي: {{info_url}}{{/if}}',
        short: 'زوال الخطر في {{area}}. انتهى الخطر، فتوخّوا الحذر أثناء العودة.',
        long: 'زوال الخطر في {{area}}: انتهى الخطر ورُفعت التحذيرات السابقة. يمكنكم العودة إلى منازلكم. احذروا الطرق وخطوط الكهرباء المتضررة.{{#if info_url}} معلومات: {{info_url}}{{/if}}',
        web: '{{#if info_url}}{{info_url}}{{/if}}',
      },
    },
  },
};
