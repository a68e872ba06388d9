import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { AdminOversoldLineListResponse } from "../../types"

/** The units an order holds beyond what was in stock when it was placed (none for most orders). */
export const useOversoldLinesOfOrder = (orderId: string) =>
  useQuery({
    queryKey: ["backorders", "oversold-lines", orderId],
    queryFn: () =>
      sdk.client.fetch<AdminOversoldLineListResponse>("/admin/oversold-lines", {
        query: { order_id: orderId, limit: 100, offset: 0 },
      }),
  })
