import type { StarterTemplate } from './starter.js';

export const floodWarning: StarterTemplate = {
  key: 'flood-warning',
  definition: {
    name: 'Flood warning',
    description: 'Flooding is happening or expected soon; move to higher ground, never enter flood water.',
    defaultLanguage: 'en',
    variables: [
      { name: 'area', type: 'text', required: true, label: 'River or area (proper name)', maxLength: 80 },
      { name: 'until', type: 'datetime', required: true, label: 'Warning in force until' },
      { name: 'crest_level', type: 'number', required: false, label: 'Expected peak water level, in metres' },
      { name: 'crest_at', type: 'datetime', required: false, label: 'Expected time of the peak' },
      { name: 'info_url', type: 'url', required: true, label: 'Page with river levels and updates' },
    ],
    whatsapp: { name: 'beacon_flood_warning', parameterFormat: 'named', parameters: ['headline', 'description', 'instruction'] },
    languages: {
      en: {
        event: 'Flood warning',
        headline: 'Flood warning for {{area}} until {{until.time}}',
        description:
          'Flooding is happening or expected soon in {{area}}. This warning is in force until {{until}}.{{#if crest_level}} Water is expected to reach {{crest_level}} m{{#if crest_at}} around {{crest_at}}{{/if}}.{{/if}}',
        instruction:
          'Move to higher ground now if you are in a low-lying area. Never walk, swim or drive through flood water: 15 cm of moving water can knock you over and 30 cm can sweep a car away. Move valuables and medicines upstairs. Keep children and pets away from the water. Be ready to evacuate if told to.',
        short: 'Flood warning for {{area}}. Move to higher ground. Do not enter flood water.',
        long: 'FLOOD WARNING for {{area}} until {{until}}.{{#if crest_level}} Expected peak: {{crest_level}} m.{{/if}} Move to higher ground. Never walk or drive through flood water. Be ready to evacuate. Levels: {{info_url}}',
        web: '{{info_url}}',
      },
      es: {
        event: 'Aviso de inundación',
        headline: 'Aviso de inundación para {{area}} hasta las {{until.time}}',
        description:
          'Se están produciendo o se esperan en breve inundaciones en {{area}}. Este aviso está vigente hasta el {{until}}.{{#if crest_level}} Se prevé que el agua alcance {{crest_level}} m{{#if crest_at}} hacia el {{crest_at}}{{/if}}.{{/if}}',
        instruction:
          'Si está en una zona baja, suba ahora a un terreno más alto. Nunca camine, nade ni conduzca por agua de inundación: 15 cm de agua en movimiento pueden derribarle y 30 cm pueden arrastrar un coche. Suba los objetos de valor y los medicamentos a un piso superior. Mantenga a niños y mascotas lejos del agua. Esté preparado para evacuar si se lo indican.',
        short: 'Aviso de inundación en {{area}}. Suba a zonas altas. No entre en el agua.',
        long: 'AVISO DE INUNDACIÓN para {{area}} hasta el {{until}}.{{#if crest_level}} Nivel máximo previsto: {{crest_level}} m.{{/if}} Suba a zonas altas. No camine ni conduzca por el agua. Prepárese para evacuar. Niveles: {{info_url}}',
        web: '{{info_url}}',
      },
      fr: {
        event: "Avertissement d'inondation",
        headline: "Avertissement d'inondation pour {{area}} jusqu'à {{until.time}}",
        description:
          "Des inondations sont en cours ou attendues prochainement à {{area}}. Cet avertissement est en vigueur jusqu'au {{until}}.{{#if crest_level}} L'eau devrait atteindre {{crest_level}} m{{#if crest_at}} vers le {{crest_at}}{{/if}}.{{/if}}",
        instruction:
          "Si vous êtes en zone basse, gagnez les hauteurs maintenant. Ne marchez, ne nagez et ne roulez jamais dans l'eau : 15 cm d'eau en mouvement peuvent vous faire tomber et 30 cm peuvent emporter une voiture. Montez vos objets de valeur et vos médicaments à l'étage. Tenez les enfants et les animaux à l'écart de l'eau. Soyez prêts à évacuer sur consigne.",
        short: "Inondation à {{area}}. Gagnez les hauteurs. N'entrez pas dans l'eau.",
        long: "AVERTISSEMENT D'INONDATION pour {{area}} jusqu'au {{until}}.{{#if crest_level}} Pic attendu : {{crest_level}} m.{{/if}} Gagnez les hauteurs. Ne marchez pas et ne roulez pas dans l'eau. Soyez prêts à évacuer. Niveaux : {{info_url}}",
        web: '{{info_url}}',
      },
      pt: {
        event: 'Alerta de inundação',
        headline: 'Alerta de inundação para {{area}} até {{until.time}}',
        description:
          'Há inundação em andamento ou prevista para breve em {{area}}. Este alerta vale até {{until}}.{{#if crest_level}} A água deve chegar a {{crest_level}} m{{#if crest_at}} por volta de {{crest_at}}{{/if}}.{{/if}}',
        instruction:
          'Se você está em área baixa, vá agora para um local mais alto. Nunca ande, nade ou dirija em água de enchente: 15 cm de água em movimento podem derrubar uma pessoa e 30 cm podem arrastar um carro. Leve objetos de valor e remédios para o andar de cima. Mantenha crianças e animais longe da água. Esteja pronto para sair se for orientado.',
        short: 'Alerta de inundação em {{area}}. Vá para local alto. Não entre na água.',
        long: 'ALERTA DE INUNDAÇÃO para {{area}} até {{until}}.{{#if crest_level}} Pico previsto: {{crest_level}} m.{{/if}} Vá para um local alto. Não ande nem dirija na água. Esteja pronto para evacuar. Níveis: {{info_url}}',
        web: '{{info_url}}',
      },
      ar: {
        event: 'تحذير من الفيضان',
        headline: 'تحذير من الفيضان في {{area}} حتى {{until.time}}',
        description:
          'تحدث فيضانات أو يُتوقع حدوثها قريبًا في {{area}}. يبقى هذا التحذير ساريًا حتى {{until}}.{{#if crest_level}} يُتوقع أن يصل منسوب المياه إلى {{crest_level}} متر{{#if crest_at}} نحو {{crest_at}}{{/if}}.{{/if}}',
        instruction:
          'إذا كنتم في منطقة منخفضة فانتقلوا الآن إلى مكان مرتفع. لا تمشوا أو تسبحوا أو تقودوا في مياه الفيضان أبدًا: 15 سم من المياه الجارية قد تُسقط الإنسان و30 سم قد تجرف سيارة. انقلوا الأشياء الثمينة والأدوية إلى طابق علوي. أبعدوا الأطفال والحيوانات الأليفة عن المياه. كونوا مستعدين للإخلاء عند الطلب.',
        short: 'تحذير من الفيضان في {{area}}. انتقلوا إلى مكان مرتفع ولا تدخلوا المياه.',
        long: 'تحذير من الفيضان في {{area}} حتى {{until}}.{{#if crest_level}} أعلى منسوب متوقع: {{crest_level}} متر.{{/if}} انتقلوا إلى مكان مرتفع. لا تمشوا ولا تقودوا في المياه. كونوا مستعدين للإخلاء. المناسيب: {{info_url}}',
        web: '{{info_url}}',
      },
    },
  },
};
