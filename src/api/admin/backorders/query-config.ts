export const listBackordersQueryConfig = {
  isList: true,
  defaults: ["id"],
  defaultLimit: 20,
}
