/*
 * Word lists for generated nicknames, written for Latchkey. Rules for additions: lower-case a–z only,
 * at most 11 letters (so "adjective-animal-NNN" stays well under 32 characters), friendly, no brand
 * names, and no word that is or contains a common slur or vulgarity (hence no peacock or woodpecker).
 * The lists are kept as compact grids (prettier-ignore) because one word per line would bury them.
 */

// prettier-ignore
export const ADJECTIVES: readonly string[] = [
  'able', 'agile', 'airy', 'amber', 'ample', 'amused', 'azure', 'balmy', 'blithe', 'bold',
  'bouncy', 'brave', 'breezy', 'bright', 'brisk', 'bubbly', 'busy', 'calm', 'candid', 'caring',
  'charming', 'cheery', 'chipper', 'civil', 'clever', 'cosmic', 'cozy', 'crisp', 'curious', 'dainty',
  'dapper', 'daring', 'dazzling', 'deft', 'devoted', 'dreamy', 'eager', 'earnest', 'easy', 'elated',
  'epic', 'fair', 'fancy', 'fearless', 'festive', 'fluffy', 'fond', 'frank', 'free', 'fresh',
  'friendly', 'frosty', 'gallant', 'gentle', 'giddy', 'gifted', 'glad', 'gleaming', 'glossy', 'golden',
  'graceful', 'grand', 'happy', 'hardy', 'hearty', 'helpful', 'honest', 'hopeful', 'humble', 'jolly',
  'jovial', 'joyful', 'keen', 'kind', 'lively', 'loyal', 'lucky', 'lunar', 'magic', 'mellow',
  'merry', 'mighty', 'mindful', 'modest', 'nifty', 'nimble', 'noble', 'peppy', 'perky', 'placid',
  'plucky', 'polite', 'proud', 'quick', 'quiet', 'quirky', 'radiant', 'rapid', 'ready', 'regal',
  'rosy', 'rustic', 'serene', 'shiny', 'silky', 'silver', 'sincere', 'smart', 'smiley', 'snappy',
  'snug', 'solar', 'sparkly', 'speedy', 'spry', 'steady', 'stellar', 'sturdy', 'sunny', 'super',
  'swift', 'tidy', 'tranquil', 'trusty', 'upbeat', 'valiant', 'velvet', 'vivid', 'warm', 'whimsical',
  'wise', 'witty', 'zany', 'zesty', 'zippy',
];

// prettier-ignore
export const ANIMALS: readonly string[] = [
  'aardvark', 'albatross', 'alpaca', 'anteater', 'antelope', 'armadillo', 'badger', 'beaver', 'bison', 'bluebird',
  'bobcat', 'budgie', 'buffalo', 'bumblebee', 'bunny', 'butterfly', 'camel', 'canary', 'capybara', 'caribou',
  'catfish', 'chameleon', 'cheetah', 'chickadee', 'chinchilla', 'chipmunk', 'condor', 'corgi', 'coyote', 'crab',
  'crane', 'cricket', 'dolphin', 'donkey', 'dove', 'dragonfly', 'duckling', 'eagle', 'egret', 'elk',
  'emu', 'falcon', 'fawn', 'ferret', 'finch', 'firefly', 'flamingo', 'fox', 'frog', 'gazelle',
  'gecko', 'gerbil', 'gibbon', 'giraffe', 'goat', 'goldfish', 'goose', 'gopher', 'gorilla', 'guppy',
  'hamster', 'hare', 'hawk', 'hedgehog', 'heron', 'hippo', 'hummingbird', 'ibex', 'ibis', 'iguana',
  'jay', 'kangaroo', 'kestrel', 'kingfisher', 'kitten', 'kiwi', 'koala', 'koi', 'ladybug', 'lamb',
  'lark', 'lemming', 'lemur', 'leopard', 'lion', 'llama', 'lobster', 'lynx', 'macaw', 'magpie',
  'manatee', 'marmot', 'meerkat', 'mole', 'mongoose', 'moose', 'moth', 'narwhal', 'newt', 'ocelot',
  'octopus', 'okapi', 'opossum', 'orca', 'oriole', 'oryx', 'osprey', 'ostrich', 'otter', 'owl',
  'panda', 'pangolin', 'parakeet', 'parrot', 'pelican', 'penguin', 'pheasant', 'pigeon', 'piglet', 'platypus',
  'plover', 'pony', 'porcupine', 'porpoise', 'puffin', 'quail', 'quokka', 'rabbit', 'raccoon', 'raven',
  'reindeer', 'robin', 'salamander', 'salmon', 'sandpiper', 'seahorse', 'seal', 'shrimp', 'sloth', 'snail',
  'sparrow', 'squid', 'squirrel', 'starling', 'stingray', 'stork', 'swallow', 'swan', 'tapir', 'tern',
  'tiger', 'toad', 'tortoise', 'toucan', 'trout', 'turtle', 'vole', 'wallaby', 'walrus', 'warbler',
  'whale', 'wombat', 'wren', 'yak', 'zebra',
];
