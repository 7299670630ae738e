import type { StarterTemplate } from './starter.js';

export const evacuationOrder: StarterTemplate = {
  key: 'evacuation-order',
  definition: {
    name: 'Evacuation order',
    description: 'Mandatory evacuation of a named zone, with a deadline and an optional evacuation centre.',
    defaultLanguage: 'en',
    variables: [
      { name: 'area', type: 'text', required: true, label: 'Zone to evacuate (proper name, e.g. "Zone 3 - Riverside")', maxLength: 80 },
      { name: 'leave_by', type: 'datetime', required: true, label: 'Everyone must have left by' },
      { name: 'shelter', type: 'place', required: false, label: 'Evacuation centre' },
      { name: 'info_url', type: 'url', required: true, label: 'Page with routes and updates' },
      { name: 'hotline', type: 'phone', required: false, label: 'Help line for people who need transport' },
    ],
    whatsapp: { name: 'beacon_evacuation_order', parameterFormat: 'named', parameters: ['headline', 'description', 'instruction'] },
    languages: {
      en: {
        event: 'Evacuation order',
        headline: 'Evacuation order for {{area}}: leave now',
        description:
          'Authorities have ordered everyone in {{area}} to evacuate now. Staying puts your life at risk. Everyone must have left by {{leave_by}}.{{#if shelter}} An evacuation centre is open at {{shelter}}.{{/if}}',
        instruction:
          'Leave now. Take medicines, ID documents, phone chargers and pets. Check on neighbours who may need help. Follow the routes given by officials and do not drive through flood water or closed roads. Do not return until officials say it is safe.{{#if hotline}} If you need transport, call {{hotline}}.{{/if}}',
        short: 'Evacuation order: leave {{area}} now. Follow official routes.',
        long: 'EVACUATION ORDER for {{area}}. Leave now, by {{leave_by}} at the latest. Take medicines, documents and pets.{{#if shelter}} Evacuation centre: {{shelter}}.{{/if}} Routes: {{info_url}}{{#if hotline}} Transport: {{hotline}}{{/if}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      es: {
        event: 'Orden de evacuación',
        headline: 'Orden de evacuación para {{area}}: salga ahora',
        description:
          'Las autoridades han ordenado evacuar de inmediato a todas las personas de {{area}}. Quedarse pone su vida en peligro. Todo el mundo debe haber salido antes del {{leave_by}}.{{#if shelter}} Hay un centro de evacuación abierto en {{shelter}}.{{/if}}',
        instruction:
          'Salga ahora. Lleve sus medicamentos, documentos de identidad, cargadores de teléfono y mascotas. Compruebe si sus vecinos necesitan ayuda. Siga las rutas indicadas por las autoridades y no conduzca por zonas inundadas ni por carreteras cortadas. No regrese hasta que las autoridades indiquen que es seguro.{{#if hotline}} Si necesita transporte, llame al {{hotline}}.{{/if}}',
        short: 'Orden de evacuación: salga de {{area}} ya. Siga las rutas oficiales.',
        long: 'ORDEN DE EVACUACIÓN para {{area}}. Salga ahora; plazo máximo: {{leave_by}}. Lleve medicamentos, documentos y mascotas.{{#if shelter}} Centro de evacuación: {{shelter}}.{{/if}} Rutas: {{info_url}}{{#if hotline}} Transporte: {{hotline}}{{/if}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      fr: {
        event: "Ordre d'évacuation",
        headline: "Ordre d'évacuation pour {{area}} : partez maintenant",
        description:
          "Les autorités ordonnent l'évacuation immédiate de toutes les personnes présentes à {{area}}. Rester sur place met votre vie en danger. Tout le monde doit être parti avant le {{leave_by}}.{{#if shelter}} Un centre d'accueil est ouvert : {{shelter}}.{{/if}}",
        instruction:
          "Partez maintenant. Emportez vos médicaments, vos papiers d'identité, un chargeur de téléphone et vos animaux. Assurez-vous que vos voisins n'ont pas besoin d'aide. Suivez les itinéraires indiqués par les autorités et ne roulez jamais sur une route inondée ou fermée. Ne revenez pas avant que les autorités l'autorisent.{{#if hotline}} Si vous avez besoin d'un transport, appelez le {{hotline}}.{{/if}}",
        short: "Ordre d'évacuation : quittez {{area}} maintenant. Suivez les consignes.",
        long: "ORDRE D'ÉVACUATION pour {{area}}. Partez maintenant, au plus tard le {{leave_by}}. Emportez médicaments, papiers et animaux.{{#if shelter}} Centre d'accueil : {{shelter}}.{{/if}} Itinéraires : {{info_url}}{{#if hotline}} Transport : {{hotline}}{{/if}}",
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      pt: {
        event: 'Ordem de evacuação',
        headline: 'Ordem de evacuação para {{area}}: saia agora',
        description:
          'As autoridades determinaram a evacuação imediata de todas as pessoas em {{area}}. Permanecer no local coloca sua vida em risco. Todos devem ter saído até: {{leave_by}}.{{#if shelter}} Há um centro de acolhimento aberto em {{shelter}}.{{/if}}',
        instruction:
          'Saia agora. Leve seus remédios, documentos de identidade, carregador de celular e animais de estimação. Veja se seus vizinhos precisam de ajuda. Siga as rotas indicadas pelas autoridades e não dirija por áreas alagadas nem por vias interditadas. Não volte até que as autoridades digam que é seguro.{{#if hotline}} Se precisar de transporte, ligue para {{hotline}}.{{/if}}',
        short: 'Ordem de evacuação: saia de {{area}} agora. Siga as rotas oficiais.',
        long: 'ORDEM DE EVACUAÇÃO para {{area}}. Saia agora, no máximo até {{leave_by}}. Leve remédios, documentos e animais.{{#if shelter}} Centro de acolhimento: {{shelter}}.{{/if}} Rotas: {{info_url}}{{#if hotline}} Transporte: {{hotline}}{{/if}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      ar: {
        event: 'أمر إخلاء',
        headline: 'أمر إخلاء لمنطقة {{area}}: غادروا الآن',
        description:
          'أمرت السلطات جميع الموجودين في {{area}} بالإخلاء فورًا. البقاء في المنطقة يعرّض حياتكم للخطر. يجب أن يغادر الجميع قبل: {{leave_by}}.{{#if shelter}} يوجد مركز إيواء مفتوح في {{shelter}}.{{/if}}',
        instruction:
          'غادروا الآن. خذوا معكم أدويتكم ووثائق الهوية وشاحن الهاتف وحيواناتكم الأليفة. تفقّدوا جيرانكم الذين قد يحتاجون إلى المساعدة. اتبعوا الطرق التي تحددها السلطات، ولا تقودوا في المياه أو على الطرق المغلقة. لا تعودوا حتى تعلن السلطات أن العودة آمنة.{{#if hotline}} إذا احتجتم إلى وسيلة نقل، اتصلوا بالرقم {{hotline}}.{{/if}}',
        short: 'أمر إخلاء: غادروا {{area}} الآن واتبعوا الطرق الرسمية.',
        long: 'أمر إخلاء لمنطقة {{area}}. غادروا الآن، وفي موعد أقصاه {{leave_by}}. خذوا الأدوية والوثائق والحيوانات الأليفة.{{#if shelter}} مركز الإيواء: {{shelter}}.{{/if}} الطرق: {{info_url}}{{#if hotline}} النقل: {{hotline}}{{/if}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
    },
  },
};
