import type { StarterTemplate } from './starter.js';

export const shelterInPlace: StarterTemplate = {
  key: 'shelter-in-place',
  definition: {
    name: 'Shelter in place (hazardous air)',
    description: 'Stay indoors after a chemical, smoke or other hazardous release; doors and windows closed, ventilation off.',
    defaultLanguage: 'en',
    variables: [
      { name: 'area', type: 'text', required: true, label: 'Affected area (proper name)', maxLength: 80 },
      { name: 'until', type: 'datetime', required: false, label: 'Expected to last until' },
      { name: 'info_url', type: 'url', required: true, label: 'Page with updates' },
      { name: 'hotline', type: 'phone', required: false, label: 'Information line' },
    ],
    whatsapp: { name: 'beacon_shelter_in_place', parameterFormat: 'named', parameters: ['headline', 'description', 'instruction'] },
    languages: {
      en: {
        event: 'Shelter in place',
        headline: 'Shelter in place now: {{area}}',
        description:
          'A hazardous release is affecting the air in {{area}}. Breathing the outside air may harm your health.{{#if until}} The order is expected to stay in force until {{until}}.{{/if}}',
        instruction:
          'Go indoors now and stay inside. Close all doors and windows. Turn off fans, heating and air conditioning that bring in outside air. Stay in an inner room, away from windows. Do not go outside to collect children: schools are keeping them safe. Keep listening for updates.{{#if hotline}} Information: {{hotline}}.{{/if}}',
        short: 'Shelter in place in {{area}}: go indoors, close windows, turn off ventilation.',
        long: 'SHELTER IN PLACE in {{area}}: hazardous air. Go indoors now, close doors and windows, turn off fans and air conditioning. Do not collect children from school.{{#if until}} Expected until {{until}}.{{/if}} Updates: {{info_url}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      es: {
        event: 'Confinamiento',
        headline: 'Quédese en un lugar cerrado ahora: {{area}}',
        description:
          'Una emisión peligrosa está afectando al aire en {{area}}. Respirar el aire exterior puede dañar su salud.{{#if until}} Se prevé que la medida siga vigente hasta el {{until}}.{{/if}}',
        instruction:
          'Entre ahora en un edificio y no salga. Cierre todas las puertas y ventanas. Apague los ventiladores, la calefacción y el aire acondicionado que tomen aire del exterior. Permanezca en una habitación interior, lejos de las ventanas. No salga a recoger a los niños: los colegios los están protegiendo. Siga atento a las actualizaciones.{{#if hotline}} Información: {{hotline}}.{{/if}}',
        short: 'Confinamiento en {{area}}: entre, cierre ventanas y apague la ventilación.',
        long: 'CONFINAMIENTO en {{area}}: aire peligroso. Entre ahora en un edificio, cierre puertas y ventanas y apague ventiladores y aire acondicionado. No recoja a los niños del colegio.{{#if until}} Previsto hasta el {{until}}.{{/if}} Novedades: {{info_url}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      fr: {
        event: "Mise à l'abri",
        headline: "Mettez-vous à l'abri maintenant : {{area}}",
        description:
          "Un rejet dangereux affecte l'air à {{area}}. Respirer l'air extérieur peut nuire à votre santé.{{#if until}} La consigne devrait rester en vigueur jusqu'au {{until}}.{{/if}}",
        instruction:
          "Entrez dans un bâtiment maintenant et restez-y. Fermez toutes les portes et fenêtres. Arrêtez la ventilation, le chauffage et la climatisation qui aspirent l'air extérieur. Restez dans une pièce intérieure, loin des fenêtres. N'allez pas chercher vos enfants : l'école les met à l'abri. Restez à l'écoute des consignes.{{#if hotline}} Information : {{hotline}}.{{/if}}",
        short: "Mise à l'abri à {{area}} : entrez, fermez les fenêtres, coupez la ventilation.",
        long: "MISE À L'ABRI à {{area}} : air dangereux. Entrez dans un bâtiment, fermez portes et fenêtres, coupez ventilation et climatisation. N'allez pas chercher les enfants à l'école.{{#if until}} Prévu jusqu'au {{until}}.{{/if}} Infos : {{info_url}}",
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      pt: {
        event: 'Abrigo no local',
        headline: 'Abrigue-se agora em local fechado: {{area}}',
        description:
          'Um vazamento perigoso está afetando o ar em {{area}}. Respirar o ar externo pode prejudicar sua saúde.{{#if until}} A medida deve continuar em vigor até {{until}}.{{/if}}',
        instruction:
          'Entre agora em um local fechado e permaneça lá. Feche todas as portas e janelas. Desligue ventiladores, aquecedores e ar-condicionado que puxem ar de fora. Fique em um cômodo interno, longe das janelas. Não saia para buscar crianças: as escolas estão protegendo os alunos. Continue acompanhando as atualizações.{{#if hotline}} Informações: {{hotline}}.{{/if}}',
        short: 'Abrigue-se em {{area}}: entre, feche as janelas e desligue a ventilação.',
        long: 'ABRIGUE-SE em {{area}}: ar perigoso. Entre agora em local fechado, feche portas e janelas, desligue ventiladores e ar-condicionado. Não busque as crianças na escola.{{#if until}} Previsto até {{until}}.{{/if}} Atualizações: {{info_url}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      ar: {
        event: 'الاحتماء في المكان',
        headline: 'احتموا داخل المباني الآن: {{area}}',
        description:
          'يؤثر تسرّب خطير على الهواء في {{area}}. قد يضر استنشاق الهواء الخارجي بصحتكم.{{#if until}} من المتوقع أن يبقى هذا الأمر ساريًا حتى {{until}}.{{/if}}',
        instruction:
          'ادخلوا إلى مبنى الآن وابقوا في الداخل. أغلقوا جميع الأبواب والنوافذ. أطفئوا المراوح والتدفئة والتكييف التي تسحب الهواء من الخارج. ابقوا في غرفة داخلية بعيدًا عن النوافذ. لا تخرجوا لإحضار الأطفال من المدارس، فالمدارس تحميهم. تابعوا التحديثات.{{#if hotline}} للاستعلام: {{hotline}}.{{/if}}',
        short: 'احتموا في {{area}}: ادخلوا وأغلقوا النوافذ وأطفئوا التهوية.',
        long: 'احتموا داخل المباني في {{area}}: الهواء خطير. ادخلوا الآن وأغلقوا الأبواب والنوافذ وأطفئوا المراوح والتكييف. لا تحضروا الأطفال من المدارس.{{#if until}} حتى {{until}} على الأرجح.{{/if}} التحديثات: {{info_url}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
    },
  },
};
