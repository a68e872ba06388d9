import type { AdminShippingOption } from "@medusajs/framework/types"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type {
  AdminBackorderListParams,
  AdminBackorderReadinessResponse,
  AdminBackorderListResponse,
  AdminBackorderResponse,
  BackorderChargePreviewParams,
  BackorderChargePreviewResponse,
  ChargeBackorderBody,
} from "../../types"

const backordersQueryKey = ["backorders"] as const

export const useBackorders = (params: AdminBackorderListParams) =>
  useQuery({
    queryKey: [...backordersQueryKey, "list", params],
    queryFn: () =>
      sdk.client.fetch<AdminBackorderListResponse>("/admin/backorders", { query: params }),
  })

export const useBackorder = (id: string) =>
  useQuery({
    queryKey: [...backordersQueryKey, "detail", id],
    queryFn: () => sdk.client.fetch<AdminBackorderResponse>(`/admin/backorders/${id}`),
  })

/** Why a waiting back order is not ready yet (refetched with the back order). */
export const useBackorderReadiness = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...backordersQueryKey, "readiness", id],
    queryFn: () => sdk.client.fetch<AdminBackorderReadinessResponse>(`/admin/backorders/${id}/readiness`),
    enabled,
  })

/** The back order an order belongs to, as its source order or as its draft/converted order. */
export const useBackorderForOrder = (orderId: string) => {
  const query = useBackorders({ order_id: orderId, limit: 1, offset: 0 })
  return { ...query, backorder: query.data?.backorders[0] }
}

export const useOrderShippingOptions = (orderId: string, enabled: boolean) =>
  useQuery({
    queryKey: ["orders", orderId, "shipping-options"],
    queryFn: () =>
      sdk.client.fetch<{ shipping_options: AdminShippingOption[] }>(
        `/admin/orders/${orderId}/shipping-options`
      ),
    enabled,
  })

const useInvalidateBackorders = () => {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: backordersQueryKey }),
      // The order pages show what charging changed. Draft-order queries are left alone: once
      // charged the draft is an order, and refetching it on the draft page would answer 404.
      queryClient.invalidateQueries({ queryKey: ["orders"] }),
    ])
}

/**
 * What a charge with this shipping would take, computed by the server exactly as the charge
 * computes it (shipping-specific tax rates included). Returns a function the charge button
 * awaits before it asks for confirmation; always fetched fresh, since the draft can change.
 */
export const useBackorderChargePreview = (id: string) => {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateBackorders()
  return async (params: BackorderChargePreviewParams) => {
    try {
      return await queryClient.fetchQuery({
        queryKey: [...backordersQueryKey, "charge-preview", id, params],
        queryFn: () =>
          sdk.client.fetch<BackorderChargePreviewResponse>(`/admin/backorders/${id}/charge-preview`, {
            query: params,
          }),
        staleTime: 0,
      })
    } catch (error) {
      // a 409 means someone charged or canceled it meanwhile: show the real state
      await invalidate()
      throw error
    }
  }
}

export const useChargeBackorder = (id: string) => {
  const invalidate = useInvalidateBackorders()
  return useMutation({
    mutationFn: (body: ChargeBackorderBody) =>
      sdk.client.fetch<AdminBackorderResponse>(`/admin/backorders/${id}/charge`, {
        method: "POST",
        body,
      }),
    onSettled: invalidate,
  })
}

export const useCancelBackorder = (id: string) => {
  const invalidate = useInvalidateBackorders()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<AdminBackorderResponse>(`/admin/backorders/${id}/cancel`, {
        method: "POST",
        body: {},
      }),
    onSettled: invalidate,
  })
}

/** "Retry": recovers a back order whose charge or cancel stopped midway (`POST …/recover`). */
export const useRecoverBackorder = (id: string) => {
  const invalidate = useInvalidateBackorders()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<AdminBackorderResponse>(`/admin/backorders/${id}/recover`, {
        method: "POST",
        body: {},
      }),
    onSettled: invalidate,
  })
}
