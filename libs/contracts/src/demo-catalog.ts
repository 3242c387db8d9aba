/**
 * Shared by catalog (products) and inventory (their stock), so both seed the same SKUs.
 *
 * The demo catalog: 10 categories x 7 products x 3 variants = 210 products. Generated from these tables so the
 * data is realistic (names, descriptions, plausible prices) yet deterministic: the same SKUs on every machine.
 */
interface CategorySeed {
  slug: string;
  name: string;
  code: string;
  variantLabel: string;
  variants: Array<[label: string, priceDeltaMinor: number]>;
  items: Array<[name: string, basePriceMinor: number, blurb: string]>;
}

export const CATEGORY_SEEDS: CategorySeed[] = [
  {
    slug: 'apparel',
    name: 'Apparel',
    code: 'APP',
    variantLabel: 'Colour',
    variants: [
      ['Navy', 0],
      ['Charcoal', 0],
      ['Olive', 200],
    ],
    items: [
      [
        'Organic Cotton Crew T-Shirt',
        2400,
        'A heavyweight 180 g/m² organic cotton tee with a reinforced collar.',
      ],
      [
        'Brushed Fleece Hoodie',
        6900,
        'Loopback fleece brushed inside, with a lined hood and kangaroo pocket.',
      ],
      [
        'Selvedge Denim Jacket',
        14900,
        'Raw 13 oz selvedge denim that fades to your wear, with copper buttons.',
      ],
      [
        'Stretch Chino Trousers',
        7900,
        'Cotton twill with 2% elastane, a tapered leg and hidden coin pocket.',
      ],
      [
        'Merino Wool Sweater',
        11900,
        'Extra-fine 17.5 micron merino, breathable and naturally odour resistant.',
      ],
      ['Linen Camp Shirt', 6400, 'Garment-washed European linen with a relaxed camp collar.'],
      [
        'Packable Rain Jacket',
        12900,
        'Waterproof 2.5-layer shell with taped seams that packs into its pocket.',
      ],
    ],
  },
  {
    slug: 'footwear',
    name: 'Footwear',
    code: 'FTW',
    variantLabel: 'Size',
    variants: [
      ['EU 40', 0],
      ['EU 42', 0],
      ['EU 44', 0],
    ],
    items: [
      ['Leather Court Sneaker', 11900, 'Full-grain leather upper on a stitched natural rubber cupsole.'],
      ['Trail Running Shoe', 13900, 'A 4 mm lugged outsole and rock plate for technical terrain.'],
      ['Suede Chelsea Boot', 17900, 'Water-repellent suede with elastic gussets and a Goodyear welt.'],
      ['Canvas Slip-On', 4900, 'Washable cotton canvas with a cushioned cork footbed.'],
      ['Wool Runner', 9900, 'Merino wool knit upper that keeps feet dry, machine washable.'],
      ['Hiking Boot Mid', 16900, 'Waterproof membrane, ankle support and a Vibram sole.'],
      ['Recovery Sandal', 5400, 'Soft foam sandal designed to take the load off tired feet.'],
    ],
  },
  {
    slug: 'home-kitchen',
    name: 'Home & Kitchen',
    code: 'KIT',
    variantLabel: 'Finish',
    variants: [
      ['Matte Black', 0],
      ['Brushed Steel', 500],
      ['Sage Green', 300],
    ],
    items: [
      ['Cast Iron Skillet 26 cm', 4900, 'Pre-seasoned cast iron for searing, baking and a lifetime of use.'],
      ['Pour-Over Coffee Kettle', 5900, 'A gooseneck spout for a steady pour and a built-in thermometer.'],
      ['Chef Knife 20 cm', 8900, 'Forged from 67-layer Damascus steel with a 15° edge.'],
      [
        'Enamel Dutch Oven 5 L',
        13900,
        'Enamelled cast iron that braises, bakes bread and goes to the table.',
      ],
      ['Bamboo Cutting Board', 2900, 'End-grain bamboo that is gentle on knives, with a juice groove.'],
      ['Glass Storage Set', 3900, 'Five borosilicate containers with airtight lids, oven and freezer safe.'],
      [
        'Burr Coffee Grinder',
        11900,
        'Conical steel burrs and 40 grind settings from espresso to French press.',
      ],
    ],
  },
  {
    slug: 'electronics',
    name: 'Electronics',
    code: 'ELC',
    variantLabel: 'Colour',
    variants: [
      ['Black', 0],
      ['White', 0],
      ['Midnight Blue', 1000],
    ],
    items: [
      ['Wireless Noise-Cancelling Headphones', 24900, 'Adaptive noise cancelling and 30 hours of battery.'],
      ['Portable Bluetooth Speaker', 8900, 'IP67 waterproof, 360° sound and 15 hours of play.'],
      ['Mechanical Keyboard', 12900, 'Hot-swappable switches, PBT keycaps and USB-C.'],
      ['USB-C Charging Hub 100 W', 5900, 'Four ports that share 100 W of GaN fast charging.'],
      ['True Wireless Earbuds', 9900, 'Six-hour earbuds with a wireless charging case.'],
      ['4K Webcam', 14900, 'A large sensor and auto-framing for sharp video calls.'],
      ['E-Reader 7 Inch', 16900, 'A glare-free 300 ppi display with warm light, waterproof.'],
    ],
  },
  {
    slug: 'outdoor',
    name: 'Outdoor',
    code: 'OUT',
    variantLabel: 'Colour',
    variants: [
      ['Forest', 0],
      ['Sand', 0],
      ['Slate', 0],
    ],
    items: [
      ['Two-Person Backpacking Tent', 29900, 'A freestanding 1.6 kg tent with two doors and vestibules.'],
      ['Down Sleeping Bag -5 °C', 24900, '650-fill responsibly sourced down in a compressible mummy bag.'],
      ['Insulated Water Bottle 750 ml', 3400, 'Double-walled steel that keeps drinks cold for 24 hours.'],
      ['Trekking Poles Pair', 7900, 'Carbon shafts with cork grips and quick flick-locks.'],
      ['Daypack 24 L', 8900, 'A ventilated back panel, hip belt and hydration sleeve.'],
      ['Camping Stove', 5900, 'A compact canister stove that boils a litre in three minutes.'],
      ['Headlamp 400 Lumen', 3900, 'Rechargeable, with red night mode and a lock-out switch.'],
    ],
  },
  {
    slug: 'beauty',
    name: 'Beauty & Care',
    code: 'BTY',
    variantLabel: 'Size',
    variants: [
      ['50 ml', 0],
      ['100 ml', 800],
      ['200 ml', 1500],
    ],
    items: [
      ['Hyaluronic Acid Serum', 1900, 'A lightweight serum with three molecular weights of hyaluronic acid.'],
      ['Mineral Sunscreen SPF 50', 2200, 'Zinc oxide protection without a white cast, reef friendly.'],
      ['Gentle Foaming Cleanser', 1400, 'A pH-balanced cleanser with ceramides and no fragrance.'],
      ['Argan Hair Oil', 2400, 'Cold-pressed argan oil that tames frizz without weighing hair down.'],
      ['Vitamin C Brightening Cream', 3200, 'Stabilised vitamin C and niacinamide for an even tone.'],
      ['Shea Body Butter', 1800, 'Whipped shea and cocoa butter for very dry skin.'],
      ['Beard Conditioning Balm', 1600, 'Softens and shapes with beeswax, jojoba and cedarwood.'],
    ],
  },
  {
    slug: 'books',
    name: 'Books',
    code: 'BOK',
    variantLabel: 'Format',
    variants: [
      ['Paperback', 0],
      ['Hardcover', 1000],
      ['Large Print', 500],
    ],
    items: [
      [
        'Designing Data-Intensive Applications',
        3900,
        'Reliability, scalability and maintainability of data systems.',
      ],
      ['The Pragmatic Programmer', 3400, 'Timeless advice on the craft of building software.'],
      ['Release It!', 3200, 'Designing and deploying production-ready software that survives.'],
      ['Building Microservices', 3600, 'Designing fine-grained systems, from boundaries to deployment.'],
      [
        'Domain-Driven Design Distilled',
        2900,
        'The essentials of strategic and tactical domain-driven design.',
      ],
      ['Site Reliability Engineering', 4200, 'How large systems are run in production.'],
      ['Refactoring', 3800, 'Improving the design of existing code, step by safe step.'],
    ],
  },
  {
    slug: 'toys-games',
    name: 'Toys & Games',
    code: 'TOY',
    variantLabel: 'Edition',
    variants: [
      ['Standard', 0],
      ['Deluxe', 1500],
      ['Travel', -500],
    ],
    items: [
      [
        'Wooden Building Blocks 100 pcs',
        3900,
        'Beech wood blocks with water-based paint, for ages 2 and up.',
      ],
      ['Strategy Board Game', 4900, 'Build trade routes across a modular map, for 2-5 players.'],
      ['1000-Piece Jigsaw Puzzle', 1900, 'A landscape puzzle printed on recycled board.'],
      ['Remote Control Car', 5900, 'An off-road 1:16 RC car with a rechargeable battery.'],
      ['Card Game Party Pack', 1500, 'Quick rounds of wordplay for 3-10 players.'],
      ['Magnetic Drawing Board', 2400, 'Mess-free drawing that erases with a slide.'],
      ['Science Experiment Kit', 3400, 'Twenty safe experiments with crystals, slime and circuits.'],
    ],
  },
  {
    slug: 'sports',
    name: 'Sports & Fitness',
    code: 'SPT',
    variantLabel: 'Weight',
    variants: [
      ['Light', 0],
      ['Medium', 500],
      ['Heavy', 1000],
    ],
    items: [
      ['Cork Yoga Mat', 6900, 'Natural cork over rubber: grippy when wet, 4 mm thick.'],
      ['Adjustable Dumbbell', 14900, 'One dumbbell that replaces fifteen, from 2 to 24 kg.'],
      ['Resistance Band Set', 2900, 'Five latex-free bands with handles and a door anchor.'],
      ['Speed Jump Rope', 1900, 'Ball-bearing handles and an adjustable steel cable.'],
      ['Foam Massage Roller', 2900, 'A textured high-density roller for recovery after training.'],
      ['Kettlebell Cast Iron', 4900, 'A single-piece cast-iron kettlebell with a powder-coat grip.'],
      ['Cycling Water Bottle', 1200, 'A squeezable 700 ml bottle with a self-sealing valve.'],
    ],
  },
  {
    slug: 'office',
    name: 'Office',
    code: 'OFF',
    variantLabel: 'Colour',
    variants: [
      ['Graphite', 0],
      ['Oak', 1000],
      ['White', 0],
    ],
    items: [
      ['Ergonomic Desk Chair', 34900, 'Adjustable lumbar support, 4D armrests and a breathable mesh back.'],
      ['Standing Desk Frame', 42900, 'Dual motors lift 120 kg from 62 to 127 cm with four presets.'],
      ['Monitor Arm', 11900, 'A gas-spring arm for screens up to 32 inches and 9 kg.'],
      ['Dot Grid Notebook A5', 1600, '192 pages of 100 g/m² fountain-pen-friendly paper.'],
      ['Desk Lamp LED', 6900, 'Adjustable colour temperature with a USB-C charging port.'],
      ['Felt Desk Mat', 2900, 'A 90 x 40 cm wool felt mat that quiets the keyboard.'],
      ['Cable Management Tray', 3400, 'An under-desk steel tray that keeps power bricks off the floor.'],
    ],
  },
];

export interface ProductSeed {
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  categorySlug: string;
}

export function productSeeds(): ProductSeed[] {
  return CATEGORY_SEEDS.flatMap((category) =>
    category.items.flatMap(([name, basePrice, blurb], itemIndex) =>
      category.variants.map(([variant, delta], variantIndex) => ({
        sku: `${category.code}-${String(itemIndex + 1).padStart(3, '0')}-${variantIndex + 1}`,
        name: `${name} — ${variant}`,
        description: `${blurb} ${category.variantLabel}: ${variant}.`,
        priceMinor: basePrice + delta,
        currency: 'EUR',
        categorySlug: category.slug,
      })),
    ),
  );
}
