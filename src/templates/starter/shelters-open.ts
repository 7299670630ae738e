import type { StarterTemplate } from './starter.js';

export const sheltersOpen: StarterTemplate = {
  key: 'shelters-open',
  definition: {
    name: 'Shelters open',
    description: 'Lists the emergency shelters open to residents, with capacity and wheelchair access.',
    defaultLanguage: 'en',
    variables: [
      { name: 'area', type: 'text', required: true, label: 'Residents of (proper name)', maxLength: 80 },
      { name: 'shelters', type: 'places', required: true, label: 'Open shelters (name, address, capacity, accessible)' },
      { name: 'hotline', type: 'phone', required: false, label: 'Shelter information line' },
      { name: 'info_url', type: 'url', required: false, label: 'Map of shelters' },
    ],
    whatsapp: { name: 'beacon_shelters_open', parameterFormat: 'named', parameters: ['headline', 'description', 'instruction'] },
    languages: {
      en: {
        event: 'Shelters open',
        headline: 'Emergency shelters open for {{area}}',
        description:
          'These emergency shelters are open to residents of {{area}}:\n{{#each shelters}}{{number}}. {{name}}{{#if address}}, {{address}}{{/if}}{{#if capacity}} ({{capacity}} places){{/if}}{{#if accessible}}, wheelchair accessible{{/if}}\n{{/each}}',
        instruction:
          'Bring your medicines, ID documents, phone charger, bedding and any special food, and what children need. Ask shelter staff about pets. Shelters are free and open to everyone.{{#if hotline}} Information: {{hotline}}.{{/if}}',
        short: 'Emergency shelters are open for {{area}}. See the full message for addresses.',
        long: 'SHELTERS OPEN for {{area}}:\n{{#each shelters}}- {{name}}{{#if address}}, {{address}}{{/if}}{{#if accessible}} (accessible){{/if}}\n{{/each}}Bring medicines and documents.{{#if hotline}} Info: {{hotline}}{{/if}}',
        web: '{{#if info_url}}{{info_url}}{{/if}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      es: {
        event: 'Albergues abiertos',
        headline: 'Albergues de emergencia abiertos para {{area}}',
        description:
          'Estos albergues de emergencia están abiertos para los residentes de {{area}}:\n{{#each shelters}}{{number}}. {{name}}{{#if address}}, {{address}}{{/if}}{{#if capacity}} ({{capacity}} plazas){{/if}}{{#if accessible}}, accesible en silla de ruedas{{/if}}\n{{/each}}',
        instruction:
          'Lleve sus medicamentos, documentos de identidad, cargador de teléfono, ropa de cama, cualquier alimento especial y lo que necesiten los niños. Pregunte al personal del albergue por las mascotas. Los albergues son gratuitos y están abiertos a todas las personas.{{#if hotline}} Información: {{hotline}}.{{/if}}',
        short: 'Albergues abiertos para {{area}}. Vea las direcciones en el mensaje completo.',
        long: 'ALBERGUES ABIERTOS para {{area}}:\n{{#each shelters}}- {{name}}{{#if address}}, {{address}}{{/if}}{{#if accessible}} (accesible){{/if}}\n{{/each}}Lleve medicamentos y documentos.{{#if hotline}} Info: {{hotline}}{{/if}}',
        web: '{{#if info_url}}{{info_url}}{{/if}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      fr: {
        event: "Centres d'hébergement ouverts",
        headline: "Centres d'hébergement d'urgence ouverts pour {{area}}",
        description:
          "Ces centres d'hébergement d'urgence accueillent les habitants de {{area}} :\n{{#each shelters}}{{number}}. {{name}}{{#if address}}, {{address}}{{/if}}{{#if capacity}} ({{capacity}} places){{/if}}{{#if accessible}}, accessible en fauteuil roulant{{/if}}\n{{/each}}",
        instruction:
          "Emportez vos médicaments, vos papiers d'identité, un chargeur de téléphone, de quoi dormir, toute nourriture spéciale et ce dont les enfants ont besoin. Renseignez-vous auprès du personnel pour les animaux. L'accueil est gratuit et ouvert à tous.{{#if hotline}} Information : {{hotline}}.{{/if}}",
        short: "Hébergement d'urgence ouvert pour {{area}}. Adresses dans le message complet.",
        long: "HÉBERGEMENT D'URGENCE pour {{area}} :\n{{#each shelters}}- {{name}}{{#if address}}, {{address}}{{/if}}{{#if accessible}} (accessible){{/if}}\n{{/each}}Emportez médicaments et papiers.{{#if hotline}} Info : {{hotline}}{{/if}}",
        web: '{{#if info_url}}{{info_url}}{{/if}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      pt: {
        event: 'Abrigos abertos',
        headline: 'Abrigos de emergência abertos para {{area}}',
        description:
          'Estes abrigos de emergência estão abertos para os moradores de {{area}}:\n{{#each shelters}}{{number}}. {{name}}{{#if address}}, {{address}}{{/if}}{{#if capacity}} ({{capacity}} vagas){{/if}}{{#if accessible}}, acessível para cadeira de rodas{{/if}}\n{{/each}}',
        instruction:
          'Leve seus remédios, documentos de identidade, carregador de celular, roupa de cama, alimentos especiais e o que as crianças precisarem. Pergunte à equipe do abrigo sobre animais de estimação. Os abrigos são gratuitos e abertos a todos.{{#if hotline}} Informações: {{hotline}}.{{/if}}',
        short: 'Abrigos de emergência abertos para {{area}}. Endereços na mensagem completa.',
        long: 'ABRIGOS ABERTOS para {{area}}:\n{{#each shelters}}- {{name}}{{#if address}}, {{address}}{{/if}}{{#if accessible}} (acessível){{/if}}\n{{/each}}Leve remédios e documentos.{{#if hotline}} Info: {{hotline}}{{/if}}',
        web: '{{#if info_url}}{{info_url}}{{/if}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      ar: {
        event: 'مراكز إيواء مفتوحة',
        headline: 'مراكز إيواء طارئة مفتوحة لسكان {{area}}',
        description:
          'مراكز الإيواء الطارئة التالية مفتوحة لسكان {{area}}:\n{{#each shelters}}{{number}}. {{name}}{{#if address}}، {{address}}{{/if}}{{#if capacity}} (السعة: {{capacity}}){{/if}}{{#if accessible}}، مهيأ للكراسي المتحركة{{/if}}\n{{/each}}',
        instruction:
          'أحضروا أدويتكم ووثائق الهوية وشاحن الهاتف والفراش وأي طعام خاص وما يحتاجه الأطفال. اسألوا موظفي المركز عن الحيوانات الأليفة. الإيواء مجاني ومفتوح للجميع.{{#if hotline}} للاستعلام: {{hotline}}.{{/if}}',
        short: 'مراكز إيواء طارئة مفتوحة لسكان {{area}}. العناوين في الرسالة الكاملة.',
        long: 'مراكز إيواء مفتوحة لسكان {{area}}:\n{{#each shelters}}- {{name}}{{#if address}}، {{address}}{{/if}}{{#if accessible}} (مهيأ لذوي الإعاقة){{/if}}\n{{/each}}أحضروا الأدوية والوثائق.{{#if hotline}} للاستعلام: {{hotline}}{{/if}}',
        web: '{{#if info_url}}{{info_url}}{{/if}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
    },
  },
};
