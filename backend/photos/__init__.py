"""Evidence photos of an order: taken by staff at QC and at packing, shown to the customer."""
