/** The gallery's sample images, seeded on first start: cats we drew as SVG, rendered to WebP by the API. */
export interface SampleImage {
  /** Fixed, so the seed is idempotent and the rows are recognisable across installs. */
  readonly id: string;
  /** The SVG source, relative to this folder. */
  readonly file: string;
  /** Short title, at most 80 characters. */
  readonly name: string;
  /** One or two friendly sentences, at most 300 characters. */
  readonly caption: string;
  /** Whether the image is featured on the home page. */
  readonly onHome: boolean;
}

export const SAMPLE_IMAGES: readonly SampleImage[] = [
  {
    id: '2d1c7249-caef-4d85-aef0-c09fefec4556',
    file: 'tabby-windowsill-dusk.svg',
    name: 'Tabby on a windowsill',
    caption: 'A tabby keeps watch from the windowsill while the sun sets over the rooftops.',
    onHome: true,
  },
  {
    id: '00a5902f-a5f5-407e-9306-ab16812f74a3',
    file: 'black-cat-moon.svg',
    name: 'Black cat under the moon',
    caption:
      'A black cat sits on the garden wall with a full moon behind it. Those yellow eyes miss nothing.',
    onHome: true,
  },
  {
    id: '45b8e88a-9643-49c6-a21f-5c0bd585034d',
    file: 'ginger-cat-box.svg',
    name: 'Ginger cat in a cardboard box',
    caption: 'If it fits, it sits. The box came with a parcel; the ginger cat is keeping it.',
    onHome: true,
  },
  {
    id: '0acf5bf5-78f2-4759-a571-eb054df74a3a',
    file: 'grey-cat-sunbeam.svg',
    name: 'Grey cat asleep in a sunbeam',
    caption: 'A grey cat has found the one warm patch of floor and is not moving until the sun does.',
    onHome: false,
  },
  {
    id: '1a35da9c-5faf-4d90-9f4c-874c9eb942cb',
    file: 'white-kitten-yarn.svg',
    name: 'White kitten with a ball of yarn',
    caption: 'A white kitten bats at a ball of red yarn. Most of it is already across the floor.',
    onHome: true,
  },
  {
    id: '2fe764d9-dced-46c9-989b-e258643717a5',
    file: 'calico-bookshelf.svg',
    name: 'Calico on the bookshelf',
    caption: 'A calico has made herself comfortable on the middle shelf, tail hanging over the spines.',
    onHome: false,
  },
  {
    id: '3c79699e-2ace-4cdb-b343-679268e949a9',
    file: 'siamese-goldfish-bowl.svg',
    name: 'Siamese and the goldfish bowl',
    caption: 'A Siamese studies the goldfish with great interest. The goldfish seems unconcerned.',
    onHome: false,
  },
  {
    id: '3b433a3e-1d34-4df5-bc91-877d317f7982',
    file: 'rooftop-stars.svg',
    name: 'Cat on a rooftop at night',
    caption: 'A cat sits on the roof ridge, gazing up at a crescent moon and the stars over the town.',
    onHome: false,
  },
  {
    id: 'ec01151e-bc7c-4019-916e-88450be056bb',
    file: 'two-cats-cushion.svg',
    name: 'Two cats sharing a cushion',
    caption: 'A tuxedo cat and a cream tabby nap side by side on the sofa, tails curled into a heart.',
    onHome: true,
  },
  {
    id: 'e9e6d4fa-854d-4205-b8b1-282e6e8cc774',
    file: 'cat-stretching-rug.svg',
    name: 'Cat stretching on the rug',
    caption: 'A big yawn and a long stretch on the rug: the start of another busy day of napping.',
    onHome: false,
  },
  {
    id: '06e9a9c4-b762-4e1c-9ee2-2943f4c0c54d',
    file: 'cat-paper-bag.svg',
    name: 'Cat peeking out of a paper bag',
    caption: 'The shopping has been unpacked, and the paper bag has been claimed.',
    onHome: false,
  },
  {
    id: '3249b37b-73c4-49ee-906b-1b27bdc9a126',
    file: 'tortie-cat-snow.svg',
    name: 'Tortoiseshell cat in the snow',
    caption:
      'A tortoiseshell cat sits out in the first snow of winter, with a few flakes already on her head.',
    onHome: false,
  },
];

/** The .svg files sit beside this module, in src and in dist alike. */
export const SAMPLES_DIR = __dirname;
