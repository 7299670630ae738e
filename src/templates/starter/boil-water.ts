import type { StarterTemplate } from './starter.js';

export const boilWater: StarterTemplate = {
  key: 'boil-water',
  definition: {
    name: 'Boil-water notice',
    description: 'Tap water may be contaminated: boil it before drinking, cooking or brushing teeth.',
    defaultLanguage: 'en',
    variables: [
      { name: 'area', type: 'text', required: true, label: 'Affected area (proper name)', maxLength: 80 },
      { name: 'expected_duration', type: 'duration', required: false, label: 'Expected duration (ISO 8601, e.g. P2D)' },
      { name: 'water_point', type: 'place', required: false, label: 'Where bottled water is handed out' },
      { name: 'info_url', type: 'url', required: true, label: 'Page with updates' },
      { name: 'hotline', type: 'phone', required: false, label: 'Water utility line' },
    ],
    whatsapp: { name: 'beacon_boil_water', parameterFormat: 'named', parameters: ['headline', 'description', 'instruction'] },
    languages: {
      en: {
        event: 'Boil-water notice',
        headline: 'Boil-water notice for {{area}}',
        description:
          'Tap water in {{area}} may be contaminated and is not safe to drink unless boiled.{{#if expected_duration}} The notice is expected to last {{expected_duration}}.{{/if}}{{#if water_point}} Bottled water is available at {{water_point}}.{{/if}}',
        instruction:
          'Bring tap water to a rolling boil for at least one minute and let it cool before use. Use boiled or bottled water for drinking, cooking, brushing teeth, making ice and preparing baby formula. You can shower, but do not swallow the water; wash babies with a sponge. Throw away ice and drinks made with tap water since the notice began.{{#if hotline}} Questions: {{hotline}}.{{/if}}',
        short: 'Boil-water notice, {{area}}: boil tap water 1 min before drinking or cooking.',
        long: 'BOIL-WATER NOTICE for {{area}}. Boil tap water for 1 minute before drinking, cooking, brushing teeth or making baby formula, or use bottled water.{{#if expected_duration}} Expected to last {{expected_duration}}.{{/if}} Updates: {{info_url}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      es: {
        event: 'Aviso de hervir el agua',
        headline: 'Aviso de hervir el agua en {{area}}',
        description:
          'El agua del grifo en {{area}} puede estar contaminada y no es apta para beber si no se hierve.{{#if expected_duration}} Se prevé que el aviso dure {{expected_duration}}.{{/if}}{{#if water_point}} Se reparte agua embotellada en {{water_point}}.{{/if}}',
        instruction:
          'Hierva el agua del grifo a borbotones durante al menos un minuto y déjela enfriar antes de usarla. Use agua hervida o embotellada para beber, cocinar, cepillarse los dientes, hacer hielo y preparar biberones. Puede ducharse, pero no trague el agua; lave a los bebés con una esponja. Tire el hielo y las bebidas preparados con agua del grifo desde que empezó el aviso.{{#if hotline}} Consultas: {{hotline}}.{{/if}}',
        short: 'Hervir el agua en {{area}}: hiérvala 1 minuto antes de beber o cocinar.',
        long: 'AVISO DE HERVIR EL AGUA en {{area}}. Hierva el agua del grifo 1 minuto antes de beber, cocinar, cepillarse los dientes o preparar biberones, o use agua embotellada.{{#if expected_duration}} Duración prevista: {{expected_duration}}.{{/if}} Novedades: {{info_url}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      fr: {
        event: "Avis d'ébullition de l'eau",
        headline: "Avis d'ébullition de l'eau pour {{area}}",
        description:
          "L'eau du robinet à {{area}} peut être contaminée : ne la buvez pas sans l'avoir fait bouillir.{{#if expected_duration}} L'avis devrait durer {{expected_duration}}.{{/if}}{{#if water_point}} De l'eau en bouteille est distribuée à {{water_point}}.{{/if}}",
        instruction:
          "Portez l'eau du robinet à gros bouillons pendant au moins une minute et laissez-la refroidir avant usage. Utilisez de l'eau bouillie ou en bouteille pour boire, cuisiner, vous brosser les dents, faire des glaçons et préparer les biberons. Vous pouvez vous doucher sans avaler l'eau ; lavez les bébés à l'éponge. Jetez les glaçons et boissons préparés avec l'eau du robinet depuis le début de l'avis.{{#if hotline}} Questions : {{hotline}}.{{/if}}",
        short: "Avis d'ébullition à {{area}} : faites bouillir l'eau 1 minute avant de la boire.",
        long: "AVIS D'ÉBULLITION DE L'EAU pour {{area}}. Faites bouillir l'eau du robinet 1 minute avant de boire, cuisiner, vous brosser les dents ou préparer un biberon, ou utilisez de l'eau en bouteille.{{#if expected_duration}} Durée prévue : {{expected_duration}}.{{/if}} Infos : {{info_url}}",
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      pt: {
        event: 'Aviso para ferver a água',
        headline: 'Aviso para ferver a água em {{area}}',
        description:
          'A água da torneira em {{area}} pode estar contaminada e não deve ser bebida sem ser fervida.{{#if expected_duration}} O aviso deve durar {{expected_duration}}.{{/if}}{{#if water_point}} Água mineral está sendo distribuída em {{water_point}}.{{/if}}',
        instruction:
          'Ferva a água da torneira por pelo menos um minuto e deixe esfriar antes de usar. Use água fervida ou mineral para beber, cozinhar, escovar os dentes, fazer gelo e preparar mamadeiras. Você pode tomar banho, mas não engula a água; lave os bebês com esponja. Jogue fora o gelo e as bebidas feitos com água da torneira desde o início do aviso.{{#if hotline}} Dúvidas: {{hotline}}.{{/if}}',
        short: 'Ferva a água em {{area}}: ferva 1 minuto antes de beber ou cozinhar.',
        long: 'AVISO PARA FERVER A ÁGUA em {{area}}. Ferva a água da torneira por 1 minuto antes de beber, cozinhar, escovar os dentes ou preparar mamadeiras, ou use água mineral.{{#if expected_duration}} Duração prevista: {{expected_duration}}.{{/if}} Atualizações: {{info_url}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
      ar: {
        event: 'إشعار بغلي المياه',
        headline: 'إشعار بغلي المياه في {{area}}',
        description:
          'قد تكون مياه الصنبور في {{area}} ملوّثة، ولا يجوز شربها دون غليها.{{#if expected_duration}} المدة المتوقعة لهذا الإشعار: {{expected_duration}}.{{/if}}{{#if water_point}} تُوزَّع مياه معبأة في {{water_point}}.{{/if}}',
        instruction:
          'اغلوا مياه الصنبور غليانًا تامًا لمدة دقيقة واحدة على الأقل، واتركوها تبرد قبل استعمالها. استعملوا المياه المغلية أو المعبأة للشرب والطهي وتنظيف الأسنان وصنع الثلج وتحضير حليب الرضّع. يمكنكم الاستحمام دون ابتلاع الماء، واغسلوا الرضّع بإسفنجة. تخلّصوا من الثلج والمشروبات المحضّرة بمياه الصنبور منذ بداية الإشعار.{{#if hotline}} للاستفسار: {{hotline}}.{{/if}}',
        short: 'غلي المياه في {{area}}: اغلوا مياه الصنبور دقيقة قبل الشرب أو الطهي.',
        long: 'إشعار بغلي المياه في {{area}}. اغلوا مياه الصنبور لمدة دقيقة قبل الشرب أو الطهي أو تنظيف الأسنان أو تحضير حليب الرضّع، أو استعملوا المياه المعبأة.{{#if expected_duration}} المدة المتوقعة: {{expected_duration}}.{{/if}} التحديثات: {{info_url}}',
        web: '{{info_url}}',
        contact: '{{#if hotline}}{{hotline}}{{/if}}',
      },
    },
  },
};
