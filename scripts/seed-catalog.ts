// The demo catalog: 24 products over 6 categories, each with 2-3 variants (one SKU per variant).
interface SeedProduct {
  title: string;
  body: string;
  category: string;
  assets: Array<{ url: string; alt: string }>;
  variants: Array<{ name: string; attributes: Record<string, string>; price_cents: number; stock: number }>;
}

const lines: Array<[category: string, items: string[], axis: string, values: string[], basePrice: number]> = [
  ['apparel', ['Cotton T-Shirt', 'Hooded Sweatshirt', 'Denim Jacket', 'Rain Coat'], 'size', ['S', 'M', 'L'], 1900],
  ['footwear', ['Trail Runner', 'Canvas Sneaker', 'Leather Boot', 'House Slipper'], 'size', ['40', '42', '44'], 4900],
  ['kitchen', ['Ceramic Mug', 'Chef Knife', 'Cast Iron Pan', 'Pour-Over Kettle'], 'color', ['black', 'white'], 1500],
  ['electronics', ['Wireless Earbuds', 'USB-C Charger', 'Mechanical Keyboard', 'Desk Lamp'], 'color', ['graphite', 'silver'], 2900],
  [
    'books',
    ['Designing Data Systems', 'The Distributed Ledger', 'Patterns of Messaging', 'Practical Tracing'],
    'format',
    ['paperback', 'hardcover'],
    2400,
  ],
  ['outdoor', ['Camping Tent', 'Sleeping Bag', 'Water Bottle', 'Trekking Poles'], 'color', ['green', 'orange', 'blue'], 3500],
];

export const catalog: SeedProduct[] = lines.flatMap(([category, items, axis, values, basePrice]) =>
  items.map((title, i) => ({
    title,
    body: `${title}: a dependable ${category} staple from the micro-ecommerce demo catalog.`,
    category,
    assets: [{ url: `https://img.micro-ecommerce.local/${category}/${i + 1}.jpg`, alt: title }],
    variants: values.map((value, v) => ({
      name: `${title} ${value}`,
      attributes: { [axis]: value },
      price_cents: basePrice + i * 500 + v * 200,
      stock: 20 + ((i * 7 + v * 3) % 30),
    })),
  })),
);
