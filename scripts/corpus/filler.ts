// Seed-length narratives (`npm run corpus -- --long`): the generated narrative states every fact the
// seed states, in ~1,400 words; the seed itself runs to ~4,800, most of it prose on how the work was
// done. For throughput measured on seed-sized reports, --long adds such prose to each section,
// paragraphs in the seed's manner that state no fact: no digits, no denials ("không …", which a
// rule reads as a zero), no documents, no names. The truth does not change.
import type { Rng } from './prng.js';
import type { Section } from './narrative.js';

/** The seed's narrative (sections I-IV, before PHỤ LỤC), in words. */
export const SEED_NARRATIVE_WORDS = 4800;

/** "{k}" is the unit's kind (xã, phường, thị trấn). By the section they suit. */
const PROSE: Record<string, string[]> = {
  I: [
    'UBND {k} tuân thủ và triển khai các nội dung chỉ đạo cải cách hành chính của cấp huyện và cấp tỉnh cơ bản đảm bảo đầy đủ, kịp thời, đúng thời gian quy định; đồng thời cụ thể hóa văn bản theo nội dung chỉ đạo của cấp trên để phù hợp với tình hình thực tế của địa phương.',
    'Chủ tịch UBND {k} thường xuyên quán triệt đến cán bộ, công chức về trách nhiệm thực hiện nhiệm vụ cải cách hành chính; gắn kết quả thực hiện nhiệm vụ cải cách hành chính với việc đánh giá, xếp loại cán bộ, công chức cuối năm.',
    'Công tác kiểm tra, tự kiểm tra việc thực hiện nhiệm vụ cải cách hành chính được duy trì thường xuyên, qua đó kịp thời chấn chỉnh những tồn tại, hạn chế trong việc tiếp nhận, giải quyết thủ tục hành chính cho tổ chức, công dân.',
  ],
  'I.2': [
    'Bên cạnh việc ban hành các văn bản nêu trên, UBND {k} đã chỉ đạo, quán triệt, triển khai và tổ chức thực hiện đầy đủ các kế hoạch, các văn bản chỉ đạo của UBND huyện, Hội đồng Phổ biến giáo dục pháp luật, Phòng Tư pháp huyện liên quan đến công tác phổ biến, giáo dục pháp luật trên địa bàn.',
    'Công tác phổ biến, giáo dục pháp luật luôn được UBND {k} quan tâm, chỉ đạo. Thường xuyên tuyên truyền, phổ biến, giáo dục pháp luật trên hệ thống loa truyền thanh, trang thông tin điện tử, qua các tổ chức chính trị - xã hội, lồng ghép trong các buổi sinh hoạt của các ngành đoàn thể và qua giải quyết các công việc trực tiếp với Nhân dân.',
    'Công chức Tư pháp - Hộ tịch chủ động tham mưu xây dựng, ban hành và triển khai tổ chức thực hiện các kế hoạch với mục đích phổ biến kịp thời, sâu rộng những quy định pháp luật mới ban hành đến cán bộ, Nhân dân nhằm nâng cao hiểu biết pháp luật và ý thức chấp hành pháp luật.',
  ],
  'II.1': [
    'Việc xây dựng, ban hành văn bản quy phạm pháp luật được thực hiện đúng thẩm quyền, trình tự, thủ tục; nội dung văn bản phù hợp với quy định của cấp trên và điều kiện thực tế của địa phương. Công tác rà soát, hệ thống hóa văn bản được thực hiện định kỳ theo hướng dẫn của Phòng Tư pháp huyện.',
    'Công tác theo dõi tình hình thi hành pháp luật được triển khai lồng ghép với các nhiệm vụ chuyên môn; những vướng mắc phát sinh trong quá trình thi hành được tổng hợp, báo cáo cấp trên xem xét, hướng dẫn kịp thời.',
  ],
  'II.2': [
    'UBND {k} đã niêm yết công khai các thủ tục hành chính thuộc thẩm quyền giải quyết và nội dung hướng dẫn thực hiện phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính tại Bộ phận một cửa; vị trí, hình thức, cách thức niêm yết thuận lợi cho việc tìm hiểu, trao đổi, ghi chép, tra cứu thông tin về thủ tục hành chính.',
    'Cán bộ, công chức chuyên môn thường xuyên thực hiện việc rà soát, cập nhật, niêm yết bổ sung hoặc thay thế các thủ tục, thành phần hồ sơ khi có thay đổi; các thủ tục hành chính được niêm yết công khai, minh bạch, thuận tiện cho việc theo dõi, tra cứu và giám sát của công dân.',
    'Các thủ tục hành chính đã giải quyết được lưu trữ vào hệ thống sổ sách theo quy định, riêng lĩnh vực hộ tịch được giải quyết và lưu trữ đồng thời trên sổ sách và trên phần mềm. Công chức làm việc tại Bộ phận một cửa thường xuyên cập nhật hồ sơ vào phần mềm một cửa liên thông, đảm bảo đúng quy trình tiếp nhận hồ sơ và trả kết quả.',
    'Thực hiện chế độ thông tin, báo cáo hoạt động kiểm soát thủ tục hành chính theo quy định; tiếp tục triển khai thực hiện các quy định về tiếp nhận, xử lý những phản ánh, kiến nghị của tổ chức, cá nhân đối với thủ tục hành chính và quy định hành chính liên quan.',
  ],
  'II.3': [
    'Thực hiện theo đúng các quy định của Trung ương, của tỉnh, của huyện về công tác sắp xếp tổ chức bộ máy hành chính cấp {k} và các thôn, tổ dân phố; chức năng, nhiệm vụ của từng bộ phận được phân định rõ ràng, tránh chồng chéo, bỏ sót nhiệm vụ.',
    'Việc quản lý, sử dụng biên chế được thực hiện đúng quy định; cán bộ, công chức được bố trí phù hợp với vị trí việc làm, chuyên môn được đào tạo, phát huy được năng lực, sở trường công tác.',
  ],
  'II.4': [
    'Đội ngũ cán bộ, công chức cơ bản đáp ứng yêu cầu nhiệm vụ; có phẩm chất chính trị, đạo đức lối sống lành mạnh, tinh thần trách nhiệm trong thực thi công vụ; thái độ giao tiếp với tổ chức, công dân đúng mực, văn minh, lịch sự.',
    'UBND {k} tạo điều kiện cho cán bộ, công chức tham gia các lớp đào tạo, bồi dưỡng về chuyên môn, nghiệp vụ, lý luận chính trị, quản lý nhà nước, tin học và ngoại ngữ theo kế hoạch của cấp trên, góp phần nâng cao chất lượng đội ngũ.',
    'Việc thực hiện kỷ luật, kỷ cương hành chính được duy trì nghiêm túc; cán bộ, công chức chấp hành tốt nội quy, quy chế làm việc của cơ quan, thời gian làm việc và quy tắc ứng xử trong thi hành công vụ.',
  ],
  'II.5': [
    'Ngay từ đầu năm, công chức chuyên môn đã tham mưu cho UBND {k} ban hành quy chế chi tiêu nội bộ và quy chế quản lý tài sản công; giao tài sản cho các bộ phận, cá nhân quản lý để thực hiện nhiệm vụ. Việc quản lý tài sản được thực hiện ở các khâu mua sắm, sử dụng, sửa chữa, điều chuyển, thanh lý theo đúng quy định.',
    'Cơ chế tự chủ, tự chịu trách nhiệm về tổ chức bộ máy, biên chế và tài chính cho các bộ phận, ban ngành, đoàn thể được thực hiện tốt theo kế hoạch, chủ động trong công tác quản lý và chi tiêu tài chính, tạo điều kiện thuận lợi cho cán bộ, công chức an tâm công tác, hoàn thành nhiệm vụ.',
  ],
  'II.6': [
    'UBND {k} có kết nối mạng nội bộ và mạng Internet tốc độ cao phục vụ công việc, trao đổi thông tin, nghiên cứu, học tập; máy tính của cán bộ, công chức được cài đặt phần mềm diệt virus có bản quyền, đảm bảo an toàn, an ninh thông tin.',
    'Trang thông tin điện tử của UBND {k} đã được tích hợp với Cổng thông tin điện tử của huyện, của tỉnh; công tác chỉ đạo, điều hành được cập nhật thường xuyên nhằm truyền tải nội dung thông tin kịp thời đến cán bộ, công chức, người dân và doanh nghiệp trên địa bàn.',
    'Bộ phận tiếp nhận hồ sơ và trả kết quả theo cơ chế một cửa ứng dụng phần mềm hỗ trợ giải quyết thủ tục hành chính phát huy hiệu quả, tạo thuận lợi cho người dân trong việc theo dõi tiến độ giải quyết hồ sơ và nâng cao tính công khai, minh bạch.',
    'Cán bộ, công chức sử dụng thành thạo máy tính và các phần mềm chuyên ngành như phần mềm quản lý văn bản điều hành, phần mềm một cửa điện tử, phần mềm quản lý hộ tịch, phần mềm kế toán ngân sách, đáp ứng yêu cầu xử lý công việc trên môi trường mạng.',
  ],
  III: [
    'Công tác cải cách hành chính tiếp tục nhận được sự quan tâm lãnh đạo, chỉ đạo của Đảng ủy, HĐND, UBND {k}; sự phối hợp của Ủy ban Mặt trận Tổ quốc và các đoàn thể; nhận thức của cán bộ, công chức và Nhân dân về cải cách hành chính từng bước được nâng lên.',
    'Việc triển khai dịch vụ công trực tuyến và thanh toán trực tuyến còn gặp khó khăn do một bộ phận người dân chưa quen sử dụng thiết bị thông minh; cơ sở vật chất, trang thiết bị phục vụ Bộ phận một cửa ở một số thời điểm chưa đáp ứng yêu cầu.',
  ],
  IV: [
    'Tiếp tục đẩy mạnh công tác tuyên truyền về cải cách hành chính; nâng cao chất lượng giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông; tăng cường ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động của cơ quan.',
    'Tăng cường công tác kiểm tra, giám sát việc thực thi công vụ của cán bộ, công chức; chấn chỉnh kịp thời những biểu hiện gây phiền hà, sách nhiễu tổ chức, công dân; nâng cao chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính.',
  ],
};

const words = (lines: string[]) => lines.reduce((n, l) => n + l.split(/\s+/).filter(Boolean).length, 0);

/**
 * Adds prose paragraphs to the sections, in turn, each section's paragraphs in a shuffled order and
 * again from the start once used up, until the narrative has `targetWords` words. A paragraph goes
 * at the end of its section, after what the section states (so no list or table is split).
 */
export function lengthenNarrative(sections: Section[], rng: Rng, unitKind: string, targetWords = SEED_NARRATIVE_WORDS): Section[] {
  const out = sections.map((s) => ({ id: s.id, lines: [...s.lines] }));
  const themed = out.filter((s) => PROSE[s.id]);
  if (themed.length === 0) return out;
  const queues = new Map(themed.map((s) => [s.id, rng.shuffle(PROSE[s.id]!)]));
  let total = words(out.flatMap((s) => s.lines));
  for (let i = 0; total < targetWords; i++) {
    const s = themed[i % themed.length]!;
    const queue = queues.get(s.id)!;
    const paragraph = queue[Math.floor(i / themed.length) % queue.length]!.replaceAll('{k}', unitKind);
    s.lines.push(paragraph);
    total += words([paragraph]);
  }
  return out;
}
