import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BACKORDER_MODULE } from "../../../modules/backorder"
import type BackorderModuleService from "../../../modules/backorder/service"
import type { AdminOversoldLineListResponse } from "../../../types"
import type { AdminGetOversoldLinesParamsType } from "./validators"

const OVERSOLD_LINE_FIELDS = [
  "id",
  "order_id",
  "cart_id",
  "line_item_id",
  "variant_id",
  "ordered_quantity",
  "oversold_quantity",
  "created_at",
] as const

/** Orders placed with units that were not in stock (see docs/how-it-works.md, "Every completion path"), newest first. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetOversoldLinesParamsType>,
  res: MedusaResponse<AdminOversoldLineListResponse>
) => {
  const { order_id, limit, offset } = req.validatedQuery
  const [lines, count] = await req.scope
    .resolve<BackorderModuleService>(BACKORDER_MODULE)
    .listAndCountOversoldLines(
      // lines of a completion not (yet) tied to its order are not shown: the order may not exist
      { order_id: order_id ?? { $ne: null } },
      { select: [...OVERSOLD_LINE_FIELDS], order: { created_at: "DESC" }, take: limit, skip: offset }
    )
  res.json({
    oversold_lines: lines.map((line) => ({ ...line, order_id: line.order_id ?? "" })),
    count,
    limit,
    offset,
  })
}
