// Where the generated reports come from: provinces, their districts and the communes (xã), wards
// (phường) and towns (thị trấn) under them. Real-looking names with full diacritics, so readers and
// the name matching are exercised on the letters real reports use (Đ, ư, ơ, ỳ, ỹ...).
export type UnitKind = 'xã' | 'phường' | 'thị trấn';
export type DistrictKind = 'huyện' | 'thị xã' | 'thành phố' | 'quận';

export interface Place {
  province: string;
  /** Hà Nội is a "thành phố trực thuộc trung ương", the others are "tỉnh". */
  provinceKind: 'tỉnh' | 'thành phố';
  district: { kind: DistrictKind; name: string };
  unit: { kind: UnitKind; name: string };
}

interface DistrictDef {
  kind: DistrictKind;
  name: string;
  units: { kind: UnitKind; name: string }[];
}

const x = (name: string) => ({ kind: 'xã' as const, name });
const p = (name: string) => ({ kind: 'phường' as const, name });
const tt = (name: string) => ({ kind: 'thị trấn' as const, name });

export const PROVINCES: { name: string; kind?: 'thành phố'; districts: DistrictDef[] }[] = [
  {
    name: 'Hải Dương',
    districts: [
      { kind: 'huyện', name: 'Tứ Kỳ', units: [x('Tiên Động'), x('Nguyên Giáp'), x('Hà Kỳ'), x('Quang Phục'), tt('Tứ Kỳ')] },
      { kind: 'huyện', name: 'Gia Lộc', units: [x('Đoàn Thượng'), x('Yết Kiêu'), x('Hồng Hưng'), tt('Gia Lộc')] },
      { kind: 'thành phố', name: 'Chí Linh', units: [p('Sao Đỏ'), p('Cộng Hòa'), p('Hoàng Tân'), x('Lê Lợi')] },
    ],
  },
  {
    name: 'Thái Bình',
    districts: [
      { kind: 'huyện', name: 'Kiến Xương', units: [x('Bình Nguyên'), x('Thanh Tân'), x('Quang Trung'), tt('Kiến Xương')] },
      { kind: 'huyện', name: 'Đông Hưng', units: [x('Đông Á'), x('Phú Lương'), x('Hồng Việt'), tt('Đông Hưng')] },
    ],
  },
  {
    name: 'Nghệ An',
    districts: [
      { kind: 'huyện', name: 'Diễn Châu', units: [x('Diễn Kỷ'), x('Diễn Thịnh'), x('Diễn Ngọc'), tt('Diễn Châu')] },
      { kind: 'thị xã', name: 'Cửa Lò', units: [p('Nghi Thủy'), p('Thu Thủy'), p('Nghi Hương'), p('Nghi Hải')] },
      { kind: 'huyện', name: 'Quỳnh Lưu', units: [x('Quỳnh Bảng'), x('Quỳnh Hưng'), x('Sơn Hải'), tt('Cầu Giát')] },
    ],
  },
  {
    name: 'Quảng Ngãi',
    districts: [
      { kind: 'huyện', name: 'Bình Sơn', units: [x('Bình Trị'), x('Bình Đông'), x('Bình Thạnh'), tt('Châu Ổ')] },
      { kind: 'huyện', name: 'Tư Nghĩa', units: [x('Nghĩa Kỳ'), x('Nghĩa Thuận'), x('Nghĩa Điền'), tt('La Hà')] },
    ],
  },
  {
    name: 'Đồng Tháp',
    districts: [
      { kind: 'thành phố', name: 'Sa Đéc', units: [p('Tân Quy Đông'), p('An Hòa'), x('Tân Khánh Đông'), x('Tân Phú Đông')] },
      { kind: 'huyện', name: 'Lấp Vò', units: [x('Mỹ An Hưng A'), x('Bình Thạnh Trung'), x('Định Yên'), tt('Lấp Vò')] },
    ],
  },
  {
    name: 'Lào Cai',
    districts: [
      { kind: 'huyện', name: 'Bát Xát', units: [x('Mường Hum'), x('Y Tý'), x('Quang Kim'), tt('Bát Xát')] },
      { kind: 'thị xã', name: 'Sa Pa', units: [p('Sa Pa'), p('Hàm Rồng'), x('Tả Van'), x('Thanh Bình')] },
    ],
  },
  {
    name: 'Hà Nội',
    kind: 'thành phố',
    districts: [
      { kind: 'quận', name: 'Hoàng Mai', units: [p('Định Công'), p('Lĩnh Nam'), p('Thịnh Liệt'), p('Yên Sở')] },
      { kind: 'huyện', name: 'Ứng Hòa', units: [x('Đồng Tiến'), x('Phương Tú'), x('Hòa Xá'), tt('Vân Đình')] },
    ],
  },
  {
    name: 'Bến Tre',
    districts: [
      { kind: 'huyện', name: 'Chợ Lách', units: [x('Vĩnh Thành'), x('Sơn Định'), x('Phú Phụng'), tt('Chợ Lách')] },
      { kind: 'huyện', name: 'Mỏ Cày Nam', units: [x('Định Thủy'), x('An Thạnh'), x('Cẩm Sơn'), tt('Mỏ Cày')] },
    ],
  },
];

export function allPlaces(): Place[] {
  return PROVINCES.flatMap((prov) =>
    prov.districts.flatMap((d) => d.units.map((unit) => ({ province: prov.name, provinceKind: prov.kind ?? ('tỉnh' as const), district: { kind: d.kind, name: d.name }, unit }))),
  );
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Quang', 'Thanh', 'Hữu', 'Ngọc', 'Xuân', 'Công'];
const GIVEN = ['Thương', 'Hùng', 'Dũng', 'Hương', 'Lâm', 'Tuấn', 'Quỳnh', 'Thủy', 'Khải', 'Nghĩa', 'Phượng', 'Tiến', 'Đạt', 'Yến', 'Cường'];

export function personName(pick: <T>(items: readonly T[]) => T): string {
  return `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
}
