import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BACKORDER_MODULE } from "../../../../modules/backorder"
import type BackorderModuleService from "../../../../modules/backorder/service"
import type { StoreVariantBackorderShippingResponse } from "../../../../types"
import { formatShipsOn } from "../../../../utils/variant-backorder-rules"
import type { StoreGetVariantBackorderShippingType } from "./validators"

/**
 * When back-ordered units of these variants ship, for a product page: only variants with a date
 * or a message are listed. The limit stays the merchant's: the prompt says what is left.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse<StoreVariantBackorderShippingResponse>) => {
  const { variant_ids } = req.validatedQuery as StoreGetVariantBackorderShippingType
  const backorderModule = req.scope.resolve<BackorderModuleService>(BACKORDER_MODULE)
  const rows = await backorderModule.listVariantBackorderSettings({ variant_id: variant_ids })
  res.json({
    variants: rows
      .filter((row) => row.ships_on || row.message)
      .map((row) => ({ variant_id: row.variant_id, ships_on: formatShipsOn(row.ships_on), message: row.message ?? null })),
  })
}
