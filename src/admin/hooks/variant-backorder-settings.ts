import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { UpdateVariantBackorderSettingsBody, VariantBackorderSettingsResponse } from "../../types"

const pathOf = (productId: string, variantId: string) =>
  `/admin/products/${encodeURIComponent(productId)}/variants/${encodeURIComponent(variantId)}/backorder-settings`

const queryKeyOf = (variantId: string) => ["variant-backorder-settings", variantId] as const

export const useVariantBackorderSettings = (productId: string, variantId: string) =>
  useQuery({
    queryKey: queryKeyOf(variantId),
    queryFn: () => sdk.client.fetch<VariantBackorderSettingsResponse>(pathOf(productId, variantId)),
  })

export const useUpdateVariantBackorderSettings = (productId: string, variantId: string) => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateVariantBackorderSettingsBody) =>
      sdk.client.fetch<VariantBackorderSettingsResponse>(pathOf(productId, variantId), { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeyOf(variantId) }),
  })
}
